using System.Runtime.InteropServices;
using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Tests.Parakeet;

/// <summary>Decoders, timestamps, masks and the random-weights path, without the scratch weights.</summary>
public class ParakeetDecodingTests
{
    private static readonly ParakeetConfig Tiny = new(
        new ConformerEncoderConfig(16, 2, 32, 4, SubsamplingFactor: 4, SubsamplingConvChannels: 8, XScaling: true),
        new RnntDecoderConfig(12, 16, 2),
        new RnntJointConfig(12, 3, 32, 16, 16),
        [0, 1, 2],
        MaxSymbols: 3);

    [Fact]
    public void CtcCollapsesRepeatsAndDropsBlanks()
    {
        const int classes = 4;
        var identity = new float[classes * classes];
        for (int i = 0; i < classes; i++)
        {
            identity[(i * classes) + i] = 10f;
        }

        var source = new WeightSource(new Dictionary<string, TensorView>
        {
            ["decoder.decoder_layers.0.weight"] = View(identity, classes, classes, 1),
            ["decoder.decoder_layers.0.bias"] = View(new float[classes], classes),
        }, "ctc");
        var ctc = new CtcGreedyDecoder(source, classes, new CtcHeadConfig(classes - 1, "decoder"));
        int[] frames = [1, 1, 3, 1, 2, 2, 0, 3, 3, 2];
        var encoder = new float[frames.Length * classes];
        for (int t = 0; t < frames.Length; t++)
        {
            encoder[(t * classes) + frames[t]] = 1f;
        }

        ParakeetHypothesis hyp = ctc.Decode(encoder, frames.Length, length: 9);
        Assert.Equal([1, 1, 2, 0], hyp.Tokens);
        Assert.Equal([0, 3, 4, 6], hyp.Timesteps);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RandomModelDecodesWithinTheRules(bool tdt)
    {
        ParakeetConfig config = tdt ? Tiny : Tiny with { Joint = Tiny.Joint! with { NumExtraOutputs = 0 }, Durations = [] };
        ParakeetModel model = ParakeetModel.Random(config, DType.F32, seed: tdt ? 1 : 2);
        const int frames = 90, length = 80;
        var random = new Random(11);
        float[] features = Enumerable.Range(0, 16 * frames).Select(_ => (float)random.NextDouble()).ToArray();
        int outFrames = model.Encoder.OutputFrames(frames);
        var encoded = new float[outFrames * 32];
        int valid = model.Encoder.Forward(features, frames, length, encoded);
        Assert.Equal((23, 20), (outFrames, valid));
        Assert.All(encoded, v => Assert.True(float.IsFinite(v)));

        ParakeetHypothesis hyp = model.DecodeGreedy(encoded, outFrames, valid);
        Assert.Equal(tdt, hyp.TokenDurations is not null);
        for (int i = 0; i < hyp.Tokens.Length; i++)
        {
            Assert.InRange(hyp.Tokens[i], 0, 11);
            Assert.InRange(hyp.Timesteps[i], i == 0 ? 0 : hyp.Timesteps[i - 1], valid - 1);
            Assert.True(hyp.Timesteps.Count(t => t == hyp.Timesteps[i]) <= 3 || tdt, "max_symbols per frame");
        }
    }

    [Fact]
    public void PaddingBeyondTheLengthDoesNotChangeTheValidFrames()
    {
        float[] features = ParakeetGolden.Npy("espeak", "features.npy", out int[] shape);
        const int extra = 40;
        int frames = shape[1] + extra;
        var padded = new float[shape[0] * frames];
        for (int f = 0; f < shape[0]; f++)
        {
            features.AsSpan(f * shape[1], shape[1]).CopyTo(padded.AsSpan(f * frames));
            padded.AsSpan((f * frames) + shape[1], extra).Fill(3f);
        }

        ConformerEncoder encoder = ParakeetGolden.Model.Value.Encoder;
        var output = new float[encoder.OutputFrames(frames) * 64];
        Assert.Equal(84, encoder.Forward(padded, frames, 668, output));
        ParakeetGolden.AssertClose(ParakeetGolden.Npy("espeak", "encoder.npy", out _), output.AsSpan(0, 84 * 64), 2e-4f, "padded espeak");
    }

    [Fact]
    public void TimestampsPinPunctuationAndSplitSegments()
    {
        string[] pieces = ["<unk>", "▁he", "llo", ".", "▁wor", "ld", "!", "▁ok", ","];
        var hyp = new ParakeetHypothesis([1, 2, 3, 4, 5, 6, 7, 8], [0, 1, 9, 10, 11, 12, 20, 25], [1, 2, 4, 1, 1, 3, 2, 1], 0f);
        ParakeetTimestamps ts = ParakeetTimestamps.Compute(hyp, pieces, 8);
        Assert.Equal((3, 3), (ts.Char[2].StartOffset, ts.Char[2].EndOffset));
        Assert.Equal(["hello.", "world!", "ok,"], ts.Word.Select(w => w.Text));
        Assert.Equal([(0, 3), (10, 12), (20, 22)], ts.Word.Select(w => (w.StartOffset, w.EndOffset)));
        Assert.Equal(["hello.", "world!", "ok,"], ts.Segment.Select(s => s.Text));
        Assert.Equal(20 * 0.01 * 8, ts.Segment[2].Start);
    }

    private static TensorView View(float[] values, params int[] shape) => new(DType.F32, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), shape);
}
