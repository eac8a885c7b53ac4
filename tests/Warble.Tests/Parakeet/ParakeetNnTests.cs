using Warble.Models.Common;
using Warble.Tensors.Kernels;

namespace Warble.Tests.Parakeet;

/// <summary>The Parakeet building blocks of <see cref="Nn"/> against direct definitions.</summary>
public class ParakeetNnTests
{
    [Theory]
    [InlineData(1, 4, 7, 9, 3, 2, 1, 1)]
    [InlineData(4, 4, 9, 6, 3, 2, 1, 4)]
    [InlineData(3, 6, 5, 5, 1, 1, 0, 1)]
    [InlineData(2, 4, 6, 5, 3, 1, 1, 2)]
    public void Conv2dMatchesTheDefinition(int inC, int outC, int h, int w, int k, int stride, int pad, int groups)
    {
        var random = new Random(7);
        float[] x = Values(random, inC * h * w), weight = Values(random, outC * (inC / groups) * k * k), bias = Values(random, outC);
        int oh = Nn.Conv2dOutputSize(h, k, stride, pad), ow = Nn.Conv2dOutputSize(w, k, stride, pad);
        var y = new float[outC * oh * ow];
        Nn.Conv2d(x, inC, h, w, weight, bias, outC, k, stride, pad, groups, y);
        for (int o = 0; o < outC; o++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    double sum = bias[o];
                    for (int c = 0; c < inC / groups; c++)
                    {
                        int ic = (o / (outC / groups) * (inC / groups)) + c;
                        for (int a = 0; a < k; a++)
                        {
                            for (int b = 0; b < k; b++)
                            {
                                int r = (i * stride) + a - pad, s = (j * stride) + b - pad;
                                sum += r < 0 || r >= h || s < 0 || s >= w ? 0 : x[(((ic * h) + r) * w) + s] * weight[(((((o * (inC / groups)) + c) * k) + a) * k) + b];
                            }
                        }
                    }

                    Assert.Equal(sum, y[(((o * oh) + i) * ow) + j], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void FoldedBatchNormEqualsConvThenBatchNorm()
    {
        var random = new Random(3);
        const int frames = 11, channels = 5, kernel = 9;
        float[] x = Values(random, frames * channels), weight = Values(random, channels * kernel), bias = Values(random, channels);
        float[] gamma = Values(random, channels), beta = Values(random, channels), mean = Values(random, channels);
        float[] variance = Values(random, channels).Select(v => MathF.Abs(v) + 0.1f).ToArray();
        var plain = new float[frames * channels];
        DepthwiseConv1d.Apply(x, channels, weight, bias, plain);
        float[] foldedWeight = (float[])weight.Clone(), foldedBias = (float[])bias.Clone();
        Nn.FoldBatchNorm(foldedWeight, foldedBias, gamma, beta, mean, variance, 1e-5f);
        var folded = new float[frames * channels];
        DepthwiseConv1d.Apply(x, channels, foldedWeight, foldedBias, folded);
        for (int i = 0; i < plain.Length; i++)
        {
            int c = i % channels;
            float expected = ((plain[i] - mean[c]) / MathF.Sqrt(variance[c] + 1e-5f) * gamma[c]) + beta[c];
            Assert.Equal(expected, folded[i], 1e-4f);
        }
    }

    /// <summary>The fused, pooled residual pass gives the bits of the separate add and LayerNorm, for one row or many.</summary>
    [Theory]
    [InlineData(1, 1f)]
    [InlineData(16, 0.5f)]
    [InlineData(17, 1f)]
    [InlineData(751, 0.5f)]
    public void AddAndNormalizeEqualsAddThenLayerNorm(int rows, float scale)
    {
        var random = new Random(rows);
        const int d = 40;
        float[] x = Values(random, rows * d), term = Values(random, rows * d);
        var norm = new LayerNormWeights(Values(random, d), Values(random, d), 1e-5f);
        float[] expectedX = (float[])x.Clone();
        if (scale == 1f)
        {
            Nn.Add(expectedX, term);
        }
        else
        {
            Nn.AddScaled(expectedX, term, scale);
        }

        var expectedNormed = new float[rows * d];
        LayerNorm.Apply(expectedX, norm.Weight, norm.Bias, norm.Eps, expectedNormed);

        var normed = new float[rows * d];
        float[] actualX = (float[])x.Clone();
        Nn.AddAndNormalize(actualX, term, scale, rows, norm, normed);
        Assert.Equal(expectedX, actualX);
        Assert.Equal(expectedNormed, normed);

        Nn.AddAndNormalize(x, term, scale, rows, norm, x);
        Assert.Equal(expectedNormed, x);
        Assert.Throws<ArgumentException>(() => Nn.AddAndNormalize(x, term.AsSpan(1), scale, rows, norm, normed));
    }

    [Fact]
    public void GluSwishLogSoftmaxAndLstmFollowTheirFormulas()
    {
        var y = new float[2];
        Nn.Glu([1f, -2f, 0f, 3f], 1, 2, y);
        Assert.Equal([1f / (1f + MathF.Exp(0f)), -2f / (1f + MathF.Exp(-3f))], y);

        float[] s = [2f];
        Silu.Apply(s, s);
        Assert.Equal(2f / (1f + MathF.Exp(-2f)), s[0], 1e-6f);

        float[] logits = [1f, 2f, 3f];
        Nn.LogSoftmax(logits);
        Assert.Equal(1.0, logits.Sum(v => Math.Exp(v)), 1e-6);
        Assert.Equal(2, Nn.Argmax(logits));
        Assert.Equal(0, Nn.Argmax([5f, 5f]));

        // One unit, all weights zero except the biases: gates are constants.
        var zero = new LinearWeights(Warble.Tensors.Gemm.WeightMatrix.FromFloats(new float[4], 4, 1), [0f, 0f, 0f, 0f]);
        var withBias = new LinearWeights(Warble.Tensors.Gemm.WeightMatrix.FromFloats(new float[4], 4, 1), [1f, -1f, 0.5f, 2f]);
        float[] h = [0f], c = [0.25f];
        Nn.LstmCell([1f], Nn.FuseLstm(withBias, zero), h, c, new float[6]);
        float expectedC = (Sigmoid(-1f) * 0.25f) + (Sigmoid(1f) * MathF.Tanh(0.5f));
        Assert.Equal(expectedC, c[0], 1e-6f);
        Assert.Equal(Sigmoid(2f) * MathF.Tanh(expectedC), h[0], 1e-6f);
    }

    [Fact]
    public void RelPositionAttentionWithZeroPositionsIsMaskedSoftmaxAttention()
    {
        var random = new Random(5);
        const int frames = 6, valid = 4, heads = 2, d = 8;
        float[] q = Values(random, frames * d), k = Values(random, frames * d), v = Values(random, frames * d);
        var output = new float[frames * d];
        Nn.RelPositionAttentionReference(q, k, v, new float[((2 * frames) - 1) * d], new float[d], new float[d], frames, valid, heads, new float[frames], output);
        var expected = new float[valid * d];
        Warble.Tensors.Kernels.Attention.Reference(q.AsSpan(0, valid * d), k.AsSpan(0, valid * d), v.AsSpan(0, valid * d), heads, d / heads, default, false, expected);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], output[i], 1e-5f);
        }

        Assert.All(output[(valid * d)..], value => Assert.Equal(0f, value));
    }

    [Theory]
    [InlineData(7, 5, 2, 8)]
    [InlineData(9, 9, 4, 16)]
    [InlineData(40, 33, 3, 24)]
    [InlineData(260, 211, 2, 32)]
    public void RelPositionAttentionMatchesTheScalarReference(int frames, int valid, int heads, int d)
    {
        var random = new Random(frames);
        float[] q = Values(random, frames * d), k = Values(random, frames * d), v = Values(random, frames * d);
        float[] p = Values(random, ((2 * frames) - 1) * d), u = Values(random, d), w = Values(random, d);
        var expected = new float[frames * d];
        Nn.RelPositionAttentionReference(q, k, v, p, u, w, frames, valid, heads, new float[frames], expected);
        float[] actual = Enumerable.Repeat(float.NaN, frames * d).ToArray();
        Warble.Models.Parakeet.RelPositionAttention.Apply(q, k, v, p, u, w, frames, valid, heads,
            new Warble.Models.Parakeet.RelPositionAttentionScratch(heads, d / heads, frames), actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
