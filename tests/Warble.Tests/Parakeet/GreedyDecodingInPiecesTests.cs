using Warble.Audio;
using Warble.Cli.Commands;
using LoadedModel = Warble.Formats.LoadedModel;
using ModelLoader = Warble.Formats.ModelLoader;
using Warble.Models.Parakeet;
using Warble.Tensors;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Parakeet;

/// <summary>
/// Greedy decoding fed encoder frames in pieces (streaming input) gives the hypothesis of one piece: tokens, frames,
/// durations and log-probabilities, whatever the seams (TDT durations that jump past a seam, repeated CTC labels).
/// </summary>
public class GreedyDecodingInPiecesTests
{
    public static TheoryData<string, int> Heads() => new()
    {
        { "tdt", 1 }, { "tdt", 3 }, { "tdt", 7 }, { "rnnt", 1 }, { "rnnt", 5 },
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void PiecesDecodeAsOnePiece(string head, int piece)
    {
        ParakeetConfig tdt = ParakeetHeadsTests.Tdt;
        ParakeetConfig config = head == "tdt" ? tdt : tdt with { Joint = new RnntJointConfig(12, 0, 32, 16, 16), Durations = [] };
        ParakeetModel model = ParakeetModel.Random(config, DType.F32, seed: 11);
        var random = new Random(5);
        const int FeatureFrames = 480;
        float[] features = Enumerable.Range(0, 16 * FeatureFrames).Select(_ => (float)random.NextDouble()).ToArray();
        var encoded = new float[model.Encoder.OutputFrames(FeatureFrames) * 32];
        int frames = model.Encoder.Forward(features, FeatureFrames, FeatureFrames, encoded);

        ParakeetHypothesis whole = model.DecodeGreedy(encoded, frames, frames);
        IGreedyDecoding decoding = model.StartGreedy();
        for (int start = 0; start < frames; start += piece)
        {
            int n = Math.Min(piece, frames - start);
            decoding.Accept(encoded.AsSpan(start * 32, n * 32), n, final: start + n == frames);
        }

        Assert.True(whole.Tokens.Length > 10, $"{whole.Tokens.Length} tokens");
        AssertSame(whole, decoding.ToHypothesis());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void CtcPiecesDecodeAsOnePiece(int piece)
    {
        // The demo model (CTC) on its sample: real speech, so labels repeat across frames and seams.
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        float[] encoded = transcriber.Encode(AudioLoader.Load(Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav")), out int frames);
        int d = transcriber.Model.Encoder.Config.DModel;
        IGreedyDecoding decoding = transcriber.Model.StartGreedy();
        for (int start = 0; start < frames; start += piece)
        {
            int n = Math.Min(piece, frames - start);
            decoding.Accept(encoded.AsSpan(start * d, n * d), n, final: start + n == frames);
        }

        ParakeetHypothesis whole = transcriber.Model.DecodeGreedy(encoded, frames, frames);
        Assert.True(whole.Tokens.Length > 30, $"{whole.Tokens.Length} tokens");
        AssertSame(whole, decoding.ToHypothesis(), 1e-5f);
    }

    [Theory]
    [InlineData("jfk", 5)]
    [InlineData("espeak", 13)]
    public void TheFixtureDecodesInPiecesAsNeMoDecodesTheWhole(string stem, int piece)
    {
        float[] encoder = ParakeetGolden.Npy(stem, "encoder.npy", out int[] shape);
        ParakeetModel model = ParakeetGolden.Model.Value;
        int frames = shape[0], d = shape[1];
        IGreedyDecoding decoding = model.StartGreedy();
        for (int start = 0; start < frames; start += piece)
        {
            int n = Math.Min(piece, frames - start);
            decoding.Accept(encoder.AsSpan(start * d, n * d), n, final: start + n == frames);
        }

        ParakeetHypothesis whole = model.DecodeGreedy(encoder, frames, frames);
        Assert.Contains(whole.TokenDurations!, duration => duration == 0);
        Assert.Contains(whole.TokenDurations!, duration => duration == 4);
        AssertSame(whole, decoding.ToHypothesis(), 1e-5f);
        Assert.Equal(ParakeetGolden.Ints(ParakeetGolden.Decode(stem).GetProperty("tokens")), decoding.ToHypothesis().Tokens);
    }

    [Fact]
    public void ATailStartsAtTheTokenAsked()
    {
        float[] encoder = ParakeetGolden.Npy("jfk", "encoder.npy", out int[] shape);
        IGreedyDecoding decoding = ParakeetGolden.Model.Value.StartGreedy();
        decoding.Accept(encoder, shape[0], final: true);
        ParakeetHypothesis whole = decoding.ToHypothesis(), tail = decoding.ToHypothesis(3);
        Assert.Equal(whole.Tokens[3..], tail.Tokens);
        Assert.Equal(whole.Timesteps[3..], tail.Timesteps);
        Assert.Equal(whole.TokenDurations![3..], tail.TokenDurations!);
        Assert.Equal(whole.TokenLogProbs![3..], tail.TokenLogProbs!);
    }

    /// <param name="tolerance">For log-probabilities: 0, or more where the pieces' products have other row counts (GEMV vs GEMM sums).</param>
    private static void AssertSame(ParakeetHypothesis expected, ParakeetHypothesis actual, float tolerance = 0)
    {
        Assert.Equal(expected.Tokens, actual.Tokens);
        Assert.Equal(expected.Timesteps, actual.Timesteps);
        Assert.Equal(expected.TokenDurations, actual.TokenDurations);
        ParakeetGolden.AssertClose(expected.TokenLogProbs, actual.TokenLogProbs, tolerance, "token log-probabilities");
        Assert.Equal(expected.Score, actual.Score, tolerance * 100);
    }
}
