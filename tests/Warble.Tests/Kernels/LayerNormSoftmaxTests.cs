using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class LayerNormSoftmaxTests
{
    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void LayerNormMatchesReferenceOnEveryPath(string path)
    {
        var rng = new Random(29);
        foreach (int d in Lengths(1))
        {
            const int rows = 3;
            Guarded x = Random(rng, rows * d, 2f, offset: 3f), gamma = Random(rng, d, 1f, 1f), beta = Random(rng, d), actual = new(rows * d);
            var expected = new float[rows * d];
            LayerNorm.Reference(x.Span, gamma.Span, beta.Span, 1e-5f, expected);
            LayerNormOn(path, x.Span, gamma.Span, beta.Span, actual.Span);
            Close(expected, actual.Span, 5e-6f, $"{path} d={d}");
            actual.CheckGuards($"d={d}");
        }
    }

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void LayerNormWorksInPlace(string path)
    {
        var rng = new Random(31);
        Guarded x = Random(rng, 4 * 384, 5f), gamma = Random(rng, 384, 1f, 1f), beta = Random(rng, 384);
        var expected = new float[4 * 384];
        LayerNorm.Reference(x.Span, gamma.Span, beta.Span, 1e-5f, expected);
        LayerNormOn(path, x.Span, gamma.Span, beta.Span, x.Span);
        Close(expected, x.Span, 5e-6f, path);
    }

    [Fact]
    public void LayerNormRejectsRaggedRows()
    {
        Assert.Throws<ArgumentException>(() => LayerNorm.Apply(new float[10], new float[4], new float[4], 1e-5f, new float[10]));
        Assert.Throws<ArgumentException>(() => LayerNorm.Apply(new float[8], new float[4], new float[3], 1e-5f, new float[8]));
    }

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void SoftmaxMatchesReferenceOnEveryPath(string path)
    {
        var rng = new Random(37);
        foreach (int n in Lengths(1))
        {
            foreach (bool log in new[] { false, true })
            {
                Guarded x = Random(rng, 2 * n, 40f, offset: 60f), actual = new(2 * n);
                var expected = new float[2 * n];
                Softmax.Reference(x.Span, n, expected, log);
                SoftmaxOn(path, x.Span, n, actual.Span, log);
                Close(expected, actual.Span, log ? 2e-6f : 3e-6f, $"{path} n={n} log={log}");
                actual.CheckGuards($"n={n}");
            }
        }
    }

    [Fact]
    public void SoftmaxRowsSumToOneAndIgnoreMaskedEntries()
    {
        float[] x = [1f, float.NegativeInfinity, 3f, 1000f, 1000f, float.NegativeInfinity];
        var y = new float[6];
        Softmax.Apply(x, 3, y);
        Assert.Equal(0f, y[1]);
        Assert.Equal(0f, y[5]);
        Assert.Equal(1f, y[0] + y[2], 1e-6f);
        Assert.Equal(0.5f, y[3], 1e-6f);
        Softmax.ApplyLog(x, 3, y);
        Assert.Equal(-MathF.Log(2), y[4], 1e-6f);
        Assert.Throws<ArgumentException>(() => Softmax.Apply(new float[7], 3, new float[7]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(129)]
    [InlineData(51865)]
    public void LogSoftmaxInPlaceEqualsOutOfPlace(int n)
    {
        var random = new Random(n);
        float[] x = [.. Enumerable.Range(0, 2 * n).Select(_ => (random.NextSingle() - 0.5f) * 60f)];
        var expected = new float[x.Length];
        Softmax.ApplyLog(x, n, expected);
        Softmax.ApplyLog(x, n, x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(expected[i], x[i], 1e-4f);
        }
    }

    private static void LayerNormOn(string path, ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y)
        => LayerNorm.ApplyAt(x, gamma, beta, 1e-5f, y, Isa.Lanes(path));

    private static void SoftmaxOn(string path, ReadOnlySpan<float> x, int n, Span<float> y, bool log)
        => Softmax.ApplyAt(x, n, y, log, Isa.Lanes(path));
}
