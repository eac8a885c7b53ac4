using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Tests.Parakeet;

/// <summary>
/// Greedy transducer decoding of several utterances at once gives each utterance's own hypothesis: the same tokens,
/// frames and durations as decoding it alone, whatever its length and position in the batch.
/// </summary>
public class BatchedDecodingTests
{
    public static TheoryData<string, int> Batches() => new()
    {
        { "tdt", 1 }, { "tdt", 3 }, { "tdt", 8 }, { "tdt", 13 }, { "rnnt", 1 }, { "rnnt", 5 }, { "rnnt", 11 }
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void EachUtteranceDecodesAsAlone(string head, int count)
    {
        ParakeetConfig tdt = ParakeetHeadsTests.Tdt;
        ParakeetConfig config = head == "tdt" ? tdt : tdt with { Joint = new RnntJointConfig(12, 0, 32, 16, 16), Durations = [] };
        ParakeetModel model = ParakeetModel.Random(config, DType.F32, seed: 11);
        var random = new Random(count);
        var utterances = new List<(float[] Encoder, int Frames, int Valid)>();
        for (int i = 0; i < count; i++)
        {
            // Lengths differ, and some frames past the valid length are padding, so utterances finish at different steps.
            int featureFrames = 120 + (97 * i % 360);
            float[] features = [.. Enumerable.Range(0, 16 * featureFrames).Select(_ => (float)random.NextDouble())];
            var encoded = new float[model.Encoder.OutputFrames(featureFrames) * 32];
            int frames = model.Encoder.Forward(features, featureFrames, featureFrames, encoded);
            utterances.Add((encoded, frames, frames - (i % 3)));
        }

        ParakeetHypothesis[] batched = model.DecodeGreedyBatch(utterances);
        Assert.Equal(count, batched.Length);
        if (count > BatchedTransducerDecoder.MaxActive)
        {
            // More utterances than the window wait their turn; each still decodes as alone.
            var decoder = new BatchedTransducerDecoder(model.Decoder, model.Joint, config.Durations, config.MaxSymbols);
            Assert.Equal(batched.Select(h => h.Tokens), decoder.Decode(utterances).Select(h => h.Tokens));
            Assert.Equal(BatchedTransducerDecoder.MaxActive, decoder.PeakActive);
        }

        for (int i = 0; i < count; i++)
        {
            ParakeetHypothesis alone = model.DecodeGreedy(utterances[i].Encoder, utterances[i].Frames, utterances[i].Valid);
            Assert.True(alone.Tokens.Length > 3, $"utterance {i}: {alone.Tokens.Length} tokens");
            Assert.Equal(alone.Tokens, batched[i].Tokens);
            Assert.Equal(alone.Timesteps, batched[i].Timesteps);
            Assert.Equal(alone.TokenDurations, batched[i].TokenDurations);

            // Products over a batch sum in another order than one row's (GEMM vs GEMV).
            ParakeetGolden.AssertClose(alone.TokenLogProbs, batched[i].TokenLogProbs, 1e-4f, "token log-probabilities");
            Assert.Equal(alone.Score, batched[i].Score, 1e-3f);
        }
    }
}
