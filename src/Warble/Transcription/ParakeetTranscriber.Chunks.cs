using Warble.Models.Parakeet;

namespace Warble.Transcription;

internal sealed partial class ParakeetTranscriber
{
    /// <summary>Encoder frames one pass may take by default: 2 minutes of audio at 80 ms a frame.</summary>
    public const int DefaultMaxFramesPerPass = 1500;

    /// <summary>
    /// The most encoder frames one encoder pass runs over. Longer audio is encoded in overlapping windows, each a
    /// quarter of this of left and right context around a centre of half of it; every window keeps only the encoder
    /// frames of its centre, and the stitched output is decoded in one pass (so tokens belong to the window that owns
    /// their frame). The attention scratch grows with the square of this.
    /// </summary>
    public int MaxFramesPerPass { get; init; } = DefaultMaxFramesPerPass;

    /// <summary>
    /// The encoder output [encoded, d_model] of features [feat_in, frames] with <paramref name="length"/> valid frames,
    /// in one pass or in windows of at most <see cref="MaxFramesPerPass"/> encoder frames.
    /// </summary>
    private float[] EncodeFeatures(float[] features, int frames, int length, out int encoded, CancellationToken cancellationToken)
    {
        ConformerEncoder encoder = Model.Encoder;
        int d = encoder.Config.DModel;
        if (encoder.OutputFrames(frames) <= MaxFramesPerPass || MaxFramesPerPass < 4)
        {
            var whole = new float[encoder.OutputFrames(frames) * d];
            encoded = encoder.Forward(features, frames, length, whole);
            return whole.AsSpan(0, encoded * d).ToArray();
        }

        int context = MaxFramesPerPass / 4, centre = MaxFramesPerPass - (2 * context), factor = encoder.Config.SubsamplingFactor;
        int featIn = encoder.Config.FeatIn;
        encoded = encoder.OutputFrames(length);
        var output = new float[encoded * d];
        var window = new float[featIn * MaxFramesPerPass * factor];
        var windowOutput = new float[encoder.OutputFrames(MaxFramesPerPass * factor) * d];
        for (int start = 0; start < encoded; start += centre)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int first = Math.Max(0, start - context), last = Math.Min(encoded, start + centre + context);
            int featureStart = first * factor, n = Math.Min(length, last * factor) - featureStart;
            for (int f = 0; f < featIn; f++)
            {
                features.AsSpan((f * frames) + featureStart, n).CopyTo(window.AsSpan(f * n, n));
            }

            encoder.Forward(window.AsSpan(0, featIn * n), n, n, windowOutput);
            int take = Math.Min(start + centre, encoded) - start;
            windowOutput.AsSpan((start - first) * d, take * d).CopyTo(output.AsSpan(start * d));
        }

        return output;
    }

    /// <summary>A stream of audio arriving in pieces, cut as <paramref name="options"/> says (seconds to whole encoder frames).</summary>
    public ParakeetStream CreateStream(StreamingOptions options)
    {
        int Frames(double seconds, string name, int minimum)
        {
            double frames = Math.Round(seconds / FrameSeconds);
            if (!(frames >= minimum && frames <= 100_000))
            {
                throw new ArgumentOutOfRangeException(name, seconds, $"{name} must be between {minimum * FrameSeconds} and {100_000 * FrameSeconds} seconds");
            }

            return (int)frames;
        }

        return new ParakeetStream(this, Frames(options.LeftContextSeconds, "left context", 0), Frames(options.ChunkSeconds, "chunk", 1),
            Frames(options.RightContextSeconds, "right context", 0));
    }
}
