using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class ConvolutionTests
{
    [Theory]
    [InlineData(1, 3, 1, 1, 17, 5)]
    [InlineData(2, 3, 2, 1, 16, 5)]
    [InlineData(2, 3, 2, 1, 17, 6)]
    [InlineData(5, 1, 1, 0, 9, 4)]
    [InlineData(3, 5, 3, 2, 23, 7)]
    public void Conv1dMatchesReferenceInBothLayouts(int inChannels, int kernelSize, int stride, int padding, int length, int outChannels)
    {
        var rng = new Random(41);
        Guarded x = Random(rng, inChannels * length), w = Random(rng, outChannels * inChannels * kernelSize), bias = Random(rng, outChannels);
        var weight = WeightMatrix.FromFloats(w.Span.ToArray(), outChannels, inChannels * kernelSize);
        int outLength = Conv1d.OutputLength(length, kernelSize, stride, padding);
        foreach (bool timeMajor in new[] { false, true })
        {
            Guarded actual = new(outLength * outChannels);
            var expected = new float[outLength * outChannels];
            Conv1d.Reference(x.Span, inChannels, timeMajor, weight, bias.Span, kernelSize, stride, padding, expected);
            if (timeMajor)
            {
                Conv1d.ApplyTimeMajor(x.Span, inChannels, weight, bias.Span, kernelSize, stride, padding, actual.Span);
            }
            else
            {
                Conv1d.Apply(x.Span, inChannels, weight, bias.Span, kernelSize, stride, padding, actual.Span);
            }

            Close(expected, actual.Span, 1e-5f, $"timeMajor={timeMajor}");
            actual.CheckGuards("conv1d");
        }
    }

    [Theory]
    [InlineData(1, 1, 3, 1, 1, 4, 5)]
    [InlineData(7, 129, 3, 1, 1, 4, 16)]
    [InlineData(5, 16, 3, 2, 1, 4, 8)]
    [InlineData(3, 8, 3, 2, 1, 2, 8)]
    [InlineData(4, 8, 3, 1, 1, 1, 16)]
    public void BatchedConv1dMatchesReferencePerSequence(int sequences, int inChannels, int kernelSize, int stride, int padding, int length, int outChannels)
    {
        var rng = new Random(47);
        Guarded x = Random(rng, sequences * length * inChannels), w = Random(rng, outChannels * inChannels * kernelSize), bias = Random(rng, outChannels);
        var weight = WeightMatrix.FromFloats(w.Span.ToArray(), outChannels, inChannels * kernelSize);
        int outLength = Conv1d.OutputLength(length, kernelSize, stride, padding), each = outLength * outChannels;
        Guarded actual = new(sequences * each);
        Conv1d.ApplyTimeMajor(x.Span, sequences, inChannels, weight, bias.Span, kernelSize, stride, padding, actual.Span);
        var expected = new float[each];
        for (int b = 0; b < sequences; b++)
        {
            Conv1d.Reference(x.Span.Slice(b * length * inChannels, length * inChannels), inChannels, timeMajor: true, weight, bias.Span, kernelSize, stride, padding, expected);
            Close(expected, actual.Span.Slice(b * each, each), 1e-5f, $"sequence {b}");
        }

        actual.CheckGuards("batched conv1d");
    }

    [Fact]
    public void Conv1dStemShapesMatchWhisper()
    {
        // openai-whisper: conv1 (n_mels → n_state, k3 p1), conv2 (k3 s2 p1) halves 3000 frames to 1500.
        Assert.Equal(3000, Conv1d.OutputLength(3000, 3, 1, 1));
        Assert.Equal(1500, Conv1d.OutputLength(3000, 3, 2, 1));
        var weight = WeightMatrix.FromFloats(new float[4 * 6], 4, 6);
        Assert.Throws<ArgumentException>(() => Conv1d.Apply(new float[3 * 10], 3, weight, default, 3, 1, 1, new float[40]));
    }

    [Theory]
    [InlineData(1, 3, 2, 1, 9, 8, 4)]
    [InlineData(3, 3, 2, 1, 10, 7, 5)]
    [InlineData(2, 3, 1, 1, 5, 6, 3)]
    [InlineData(4, 1, 1, 0, 3, 5, 6)]
    public void Conv2dMatchesReference(int inChannels, int kernelSize, int stride, int padding, int height, int width, int outChannels)
    {
        var rng = new Random(43);
        Guarded x = Random(rng, inChannels * height * width), w = Random(rng, outChannels * inChannels * kernelSize * kernelSize), bias = Random(rng, outChannels);
        var s = Conv2dShape.Create(x.Length, inChannels, height, kernelSize, stride, padding);
        int size = outChannels * s.OutHeight * s.OutWidth;
        Guarded actual = new(size);
        var expected = new float[size];
        Conv2d.Reference(x.Span, inChannels, height, w.Span, bias.Span, kernelSize, stride, padding, expected);
        Conv2d.Apply(x.Span, inChannels, height, w.Span, bias.Span, kernelSize, stride, padding, actual.Span);
        Close(expected, actual.Span, 1e-5f, "conv2d");
        actual.CheckGuards("conv2d");
        if (kernelSize == 1)
        {
            Guarded pointwise = new(size);
            Conv2d.ApplyPointwise(x.Span, inChannels, w.Span, bias.Span, pointwise.Span);
            Close(expected, pointwise.Span, 1e-5f, "pointwise");
            pointwise.CheckGuards("pointwise");
        }
    }

    [Theory]
    [InlineData(3, 3, 2, 1, 9, 8)]
    [InlineData(4, 3, 2, 1, 16, 80)]
    [InlineData(3, 3, 2, 1, 7, 64)]
    [InlineData(2, 3, 2, 1, 4, 32)]
    [InlineData(2, 3, 2, 1, 5, 33)]
    [InlineData(2, 3, 1, 1, 1, 2)]
    [InlineData(5, 5, 3, 2, 11, 13)]
    public void DepthwiseConv2dMatchesReference(int channels, int kernelSize, int stride, int padding, int height, int width)
    {
        var rng = new Random(47);
        Guarded x = Random(rng, channels * height * width), w = Random(rng, channels * kernelSize * kernelSize), bias = Random(rng, channels);
        var s = Conv2dShape.Create(x.Length, channels, height, kernelSize, stride, padding);
        int size = channels * s.OutHeight * s.OutWidth;
        Guarded actual = new(size);
        var expected = new float[size];
        DepthwiseConv2d.Reference(x.Span, channels, height, w.Span, bias.Span, kernelSize, stride, padding, expected);
        DepthwiseConv2d.Apply(x.Span, channels, height, w.Span, bias.Span, kernelSize, stride, padding, actual.Span);
        Close(expected, actual.Span, 1e-5f, "depthwise conv2d");
        actual.CheckGuards("depthwise conv2d");
    }

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void DepthwiseConv1dMatchesReferenceOnEveryPath(string path)
    {
        var rng = new Random(53);
        foreach (int channels in Enumerable.Range(1, 70))
        {
            foreach ((int kernelSize, int length) in new[] { (9, 13), (9, 3), (3, 1) })
            {
                Guarded x = Random(rng, length * channels), w = Random(rng, channels * kernelSize), actual = new(length * channels);
                Guarded bias = Random(rng, channels);
                var expected = new float[length * channels];
                DepthwiseConv1d.Reference(x.Span, channels, w.Span, bias.Span, expected);
                DepthwiseOn(path, x.Span, channels, w.Span, bias.Span, actual.Span);
                Close(expected, actual.Span, 1e-5f, $"{path} C={channels} K={kernelSize} T={length}");
                actual.CheckGuards($"C={channels}");
            }
        }
    }

    /// <summary>Threads each write a range of steps of one convolution; together they must give the whole, bit for bit.</summary>
    [Fact]
    public void DepthwiseConv1dStepRangesTogetherEqualTheWhole()
    {
        const int channels = 70, kernelSize = 9, length = 75;
        var rng = new Random(61);
        Guarded x = Random(rng, length * channels), w = Random(rng, channels * kernelSize), bias = Random(rng, channels);
        var whole = new float[length * channels];
        DepthwiseConv1d.Apply(x.Span, channels, w.Span, bias.Span, whole);
        foreach (int piece in new[] { 1, 4, 32, 74 })
        {
            float[] pieces = [.. Enumerable.Repeat(float.NaN, length * channels)];
            for (int t = 0; t < length; t += piece)
            {
                DepthwiseConv1d.ApplySteps(x.Span, channels, w.Span, bias.Span, pieces, t, t + piece);
            }

            Assert.Equal(whole, pieces);
        }
    }

    [Fact]
    public void FoldedBatchNormEqualsConvolutionThenBatchNorm()
    {
        const int channels = 37, kernelSize = 9, length = 20;
        var rng = new Random(59);
        Guarded x = Random(rng, length * channels), w = Random(rng, channels * kernelSize), bias = Random(rng, channels);
        Guarded mean = Random(rng, channels), variance = Random(rng, channels, 0.5f, 1f), gamma = Random(rng, channels, 1f, 1f), beta = Random(rng, channels);
        var convolved = new float[length * channels];
        var expected = new float[length * channels];
        DepthwiseConv1d.Reference(x.Span, channels, w.Span, bias.Span, convolved);
        BatchNormFolding.BatchNormReference(convolved, mean.Span, variance.Span, gamma.Span, beta.Span, 1e-5f, expected);
        var foldedWeight = new float[w.Length];
        var foldedBias = new float[channels];
        BatchNormFolding.Fold(w.Span, bias.Span, mean.Span, variance.Span, gamma.Span, beta.Span, 1e-5f, foldedWeight, foldedBias);
        var actual = new float[length * channels];
        DepthwiseConv1d.Apply(x.Span, channels, foldedWeight, foldedBias, actual);
        Close(expected, actual, 1e-5f, "folded");
        BatchNormFolding.Fold(w.Span, default, mean.Span, variance.Span, gamma.Span, beta.Span, 1e-5f, foldedWeight, foldedBias);
        Assert.Equal((0 - mean.Span[0]) * gamma.Span[0] / MathF.Sqrt(variance.Span[0] + 1e-5f) + beta.Span[0], foldedBias[0], 1e-5f);
    }

    private static void DepthwiseOn(string path, ReadOnlySpan<float> x, int channels, ReadOnlySpan<float> w, ReadOnlySpan<float> bias, Span<float> y)
        => DepthwiseConv1d.ApplyAt(x, channels, w, bias, y, Isa.Lanes(path));
}
