using Warble.Audio;

namespace Warble.Transcription;

/// <summary>
/// A recording's Whisper log-mel as <c>transcribe()</c> computes it (30 s of zeros appended, clamped at the whole
/// file's maximum − 8, scaled), built as the audio is read and kept in a <see cref="FrameSpool"/>: the maximum is
/// only known at the end, so frames are stored raw and each window is clamped and scaled as it is read. Memory
/// holds one window, whatever the length of the recording.
/// </summary>
internal sealed class MelSpool : IMelWindowSource, IDisposable
{
    private readonly FrameSpool frames;
    private readonly float floor;
    private float[] scratch = [];

    private MelSpool(FrameSpool frames, float max, int contentFrames)
    {
        this.frames = frames;
        floor = max - 8;
        ContentFrames = contentFrames;
    }

    public int NMels => frames.Width;

    public int ContentFrames { get; }

    /// <summary>Reads <paramref name="audio"/> to its end through the filters into a spool.</summary>
    /// <param name="memoryFrames">Frames kept in memory before the spool moves to disk.</param>
    public static MelSpool Read(AudioInput audio, MelFilterBank filters, CancellationToken cancellationToken, int memoryFrames = FrameSpool.MemoryFrames)
    {
        var spool = new FrameSpool(filters.MelCount, memoryFrames);
        try
        {
            var sink = new MaxTracker(spool);
            var stream = new WhisperMelFrames(filters);
            long samples = 0;
            foreach (ReadOnlyMemory<float> block in AudioSamples.Blocks(audio, cancellationToken))
            {
                stream.Push(block.Span, sink);
                samples += block.Length;
            }

            stream.Finish(WhisperLogMel.NSamples, sink);
            return new MelSpool(spool, sink.Max, checked((int)(samples / WhisperLogMel.HopLength)));
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    public void ReadWindow(int seek, int segmentSize, Span<float> destination)
    {
        int take = Math.Clamp(Math.Min(segmentSize, frames.Count - seek), 0, WhisperLogMel.NFrames);
        int nMels = NMels;
        destination[..(nMels * WhisperLogMel.NFrames)].Clear();
        if (scratch.Length < take * nMels)
        {
            scratch = new float[WhisperLogMel.NFrames * nMels];
        }

        frames.Read(seek, take, scratch.AsSpan(0, take * nMels));
        for (int t = 0; t < take; t++)
        {
            for (int m = 0; m < nMels; m++)
            {
                destination[(m * WhisperLogMel.NFrames) + t] = WhisperLogMel.Normalize(scratch[(t * nMels) + m], floor);
            }
        }
    }

    public void ReadFirstFrames(Span<float> destination) => ReadWindow(0, WhisperLogMel.NFrames, destination);

    public void Dispose() => frames.Dispose();

    /// <summary>Passes frames on to the spool, keeping their maximum.</summary>
    private sealed class MaxTracker(FrameSpool spool) : IFrameSink
    {
        public float Max { get; private set; } = float.NegativeInfinity;

        public void Append(ReadOnlySpan<float> frame)
        {
            Max = Math.Max(Max, System.Numerics.Tensors.TensorPrimitives.Max(frame));
            spool.Append(frame);
        }
    }
}
