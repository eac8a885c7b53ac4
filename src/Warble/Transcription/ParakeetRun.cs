using Warble.Models.Parakeet;

namespace Warble.Transcription;

/// <summary>
/// One Parakeet transcription: the first step reads the audio into its features; each later step encodes one window
/// (the whole recording when it fits in <see cref="TranscribeOptions.MaxPassSeconds"/>, else overlapping windows of
/// that length, each keeping the encoder frames of its centre, as <see cref="ParakeetTranscriber"/> describes) and feeds
/// it to one greedy decoder whose state carries over, so segments come out as each window is decoded.
/// </summary>
/// <param name="audio">The recording, or null when <paramref name="featuresRead"/> holds its features already.</param>
internal sealed class ParakeetRun(
    ParakeetTranscriber transcriber, AudioInput? audio, TranscribeOptions options, CancellationToken cancellationToken, IFeatureSource? featuresRead = null)
    : TranscriptionRun
{
    private readonly Queue<Segment> ready = new();
    private readonly int maxFrames = (int)Math.Min(int.MaxValue / 64, options.MaxPassSeconds / transcriber.FrameSeconds);
    private IFeatureSource? features;
    private IGreedyDecoding? decoding;
    private ParakeetSegmenter? segmenter;
    private int encoded, nextFrame;
    private float[] window = [], windowOutput = [];
    private bool finished;

    public override bool MoveNext()
    {
        while (ready.Count == 0)
        {
            if (finished)
            {
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (features is null)
            {
                Begin();
            }
            else
            {
                DecodeNextWindow();
            }
        }

        Current = ready.Dequeue();
        return true;
    }

    public override TranscriptionResult ToResult(IReadOnlyList<Segment> segments) =>
        new(decoding is null ? "" : transcriber.Tokenizer.Decode(decoding.ToHypothesis().Tokens), "", segments);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            features?.Dispose();
        }
    }

    private void Begin()
    {
        features = featuresRead ?? transcriber.FeatureSource(audio ?? throw new InvalidOperationException("a run needs audio or its features"), cancellationToken);
        ConformerEncoder encoder = transcriber.EncoderFor(options.LocalAttentionFrames);
        encoded = encoder.OutputFrames(features.Length);
        Progress = new TranscriptionProgress(0, encoded * transcriber.FrameSeconds);
        if (features.Length == 0)
        {
            // NeMo's valid length is 0 here and nothing is decoded; the subsampling arithmetic would still yield one frame.
            finished = true;
            return;
        }

        decoding = transcriber.Model.StartGreedy();
        segmenter = new ParakeetSegmenter(transcriber, decoding, options.MaxSegmentSeconds);
    }

    /// <summary>Encodes the next window, decodes its centre frames and queues the segments that became final.</summary>
    private void DecodeNextWindow()
    {
        ConformerEncoder encoder = transcriber.EncoderFor(options.LocalAttentionFrames);
        int d = encoder.Config.DModel, featIn = encoder.Config.FeatIn, factor = encoder.Config.SubsamplingFactor;
        IFeatureSource source = features!;
        if (encoder.OutputFrames(source.Frames) <= maxFrames || maxFrames < 4)
        {
            // One pass over everything, the padded tail included, as NeMo encodes an utterance.
            float[] all = Rent(ref window, featIn * source.Frames);
            source.Read(0, source.Frames, all);
            float[] output = Rent(ref windowOutput, encoder.OutputFrames(source.Frames) * d);
            int valid = encoder.Forward(all.AsSpan(0, featIn * source.Frames), source.Frames, source.Length, output);
            transcriber.Guard.Check(output.AsSpan(0, valid * d));
            Accept(output.AsSpan(0, valid * d), valid, final: true);
            return;
        }

        int context = maxFrames / 4, centre = maxFrames - (2 * context);
        int first = Math.Max(0, nextFrame - context), last = Math.Min(encoded, nextFrame + centre + context);
        int featureStart = first * factor, n = Math.Min(source.Length, last * factor) - featureStart;
        float[] input = Rent(ref window, featIn * maxFrames * factor);
        source.Read(featureStart, n, input);
        float[] result = Rent(ref windowOutput, encoder.OutputFrames(maxFrames * factor) * d);
        encoder.Forward(input.AsSpan(0, featIn * n), n, n, result);
        int take = Math.Min(nextFrame + centre, encoded) - nextFrame;
        transcriber.Guard.Check(result.AsSpan((nextFrame - first) * d, take * d));
        Accept(result.AsSpan((nextFrame - first) * d, take * d), take, final: nextFrame + take >= encoded);
    }

    private void Accept(ReadOnlySpan<float> frames, int count, bool final)
    {
        decoding!.Accept(frames, count, final);
        nextFrame += count;
        finished = final;
        Progress = Progress with { Seconds = Math.Min(nextFrame, encoded) * transcriber.FrameSeconds };
        foreach (Segment segment in segmenter!.TakeFinal(final))
        {
            ready.Enqueue(segment);
        }
    }

    private static float[] Rent(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }
}
