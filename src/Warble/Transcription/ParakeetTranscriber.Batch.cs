using Warble.Models.Parakeet;

namespace Warble.Transcription;

/// <summary>Several recordings at once: each encoded in turn, then all decoded together.</summary>
internal sealed partial class ParakeetTranscriber
{
    /// <summary>
    /// Encodes each recording that fits one pass of <see cref="TranscribeOptions.MaxPassSeconds"/> and decodes them all
    /// together (<see cref="ParakeetModel.DecodeGreedyBatch"/>), so the prediction and joint networks read their weights
    /// once per step for the whole batch; a longer recording runs on its own in windows, as <see cref="ParakeetRun"/>.
    /// The segments are those of a run over the same audio.
    /// </summary>
    public IReadOnlyList<TranscriptionResult> TranscribeBatch(IReadOnlyList<AudioInput> inputs, TranscribeOptions options, CancellationToken cancellationToken)
    {
        var results = new TranscriptionResult[inputs.Count];
        var batch = new List<(float[] Encoder, int Frames, int Valid)>();
        var batched = new List<int>();
        ConformerEncoder encoder = EncoderFor(options.LocalAttentionFrames);
        int d = encoder.Config.DModel, featIn = encoder.Config.FeatIn;
        int maxFrames = (int)Math.Min(int.MaxValue / 64, options.MaxPassSeconds / FrameSeconds);
        for (int i = 0; i < inputs.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IFeatureSource source = FeatureSource(inputs[i], cancellationToken);
            if (source.Length > 0 && encoder.OutputFrames(source.Frames) > maxFrames && maxFrames >= 4)
            {
                using var run = new ParakeetRun(this, null, options, cancellationToken, source);
                results[i] = run.ReadToEnd();
                continue;
            }

            using (source)
            {
                if (source.Length == 0)
                {
                    // As ParakeetRun: NeMo's valid length is 0 and nothing is decoded.
                    results[i] = new TranscriptionResult("", "", []);
                    continue;
                }

                var features = new float[featIn * source.Frames];
                source.Read(0, source.Frames, features);
                var output = new float[encoder.OutputFrames(source.Frames) * d];
                int valid = encoder.Forward(features, source.Frames, source.Length, output);
                Guard.Check(output.AsSpan(0, valid * d));
                batch.Add((output, valid, valid));
                batched.Add(i);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        ParakeetHypothesis[] hypotheses = Model.DecodeGreedyBatch(batch);
        for (int b = 0; b < hypotheses.Length; b++)
        {
            var decoded = new DecodedUtterance(hypotheses[b]);
            List<Segment> segments = new ParakeetSegmenter(this, decoded, options.MaxSegmentSeconds).TakeFinal(final: true);
            results[batched[b]] = new TranscriptionResult(Tokenizer.Decode(hypotheses[b].Tokens), "", segments);
        }

        return results;
    }

    /// <summary>A hypothesis decoded in one go, for the segmenter, which reads decodings as they grow.</summary>
    private sealed class DecodedUtterance(ParakeetHypothesis hypothesis) : IGreedyDecoding
    {
        public void Accept(ReadOnlySpan<float> encoder, int frames, bool final) =>
            throw new InvalidOperationException("the utterance is decoded already");

        public ParakeetHypothesis ToHypothesis(int firstToken = 0) => firstToken == 0 ? hypothesis : hypothesis with
        {
            Tokens = hypothesis.Tokens[firstToken..],
            Timesteps = hypothesis.Timesteps[firstToken..],
            TokenDurations = hypothesis.TokenDurations?[firstToken..],
            TokenLogProbs = hypothesis.TokenLogProbs?[firstToken..],
        };
    }
}
