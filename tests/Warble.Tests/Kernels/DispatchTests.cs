using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

/// <summary>The public entry points, which pick the widest accelerated path, over every length 0..300.</summary>
public class DispatchTests
{
    /// <summary>Everything here, for <see cref="KernelSelfCheck"/>.</summary>
    internal static void RunAll()
    {
        var tests = new DispatchTests();
        tests.UnaryKernels();
        tests.LayerNormAndSoftmax();
        tests.DepthwiseConv1d();
    }

    [Fact]
    public void UnaryKernels()
    {
        var rng = new Random(79);
        foreach (int n in Lengths())
        {
            Guarded x = Random(rng, n, 8f), actual = new(n);
            var expected = new float[n];
            Gelu.Reference(x.Span, expected);
            Gelu.Apply(x.Span, actual.Span);
            Close(expected, actual.Span, 1.5e-6f, $"gelu n={n}");
            Silu.Reference(x.Span, expected);
            Silu.Apply(x.Span, actual.Span);
            Close(expected, actual.Span, 2e-6f, $"silu n={n}");
            Mul.Apply(x.Span, 2f, expected);
            Add.Apply(x.Span, x.Span, actual.Span);
            Close(expected, actual.Span, 0f, $"add n={n}");
            actual.CheckGuards($"n={n}");
        }
    }

    [Fact]
    public void LayerNormAndSoftmax()
    {
        var rng = new Random(83);
        foreach (int n in Lengths(1))
        {
            Guarded x = Random(rng, 2 * n, 4f, 1f), gamma = Random(rng, n, 1f, 1f), beta = Random(rng, n), actual = new(2 * n);
            var expected = new float[2 * n];
            LayerNorm.Reference(x.Span, gamma.Span, beta.Span, 1e-5f, expected);
            LayerNorm.Apply(x.Span, gamma.Span, beta.Span, 1e-5f, actual.Span);
            Close(expected, actual.Span, 5e-6f, $"layer norm n={n}");
            Softmax.Reference(x.Span, n, expected, log: false);
            Softmax.Apply(x.Span, n, actual.Span);
            Close(expected, actual.Span, 3e-6f, $"softmax n={n}");
            Softmax.Reference(x.Span, n, expected, log: true);
            Softmax.ApplyLog(x.Span, n, actual.Span);
            Close(expected, actual.Span, 2e-6f, $"log softmax n={n}");
            actual.CheckGuards($"n={n}");
        }
    }

    [Fact]
    public void DepthwiseConv1d()
    {
        var rng = new Random(89);
        foreach (int channels in Enumerable.Range(1, 70))
        {
            Guarded x = Random(rng, 12 * channels), w = Random(rng, 9 * channels), bias = Random(rng, channels), actual = new(12 * channels);
            var expected = new float[12 * channels];
            Tensors.Kernels.DepthwiseConv1d.Reference(x.Span, channels, w.Span, bias.Span, expected);
            Tensors.Kernels.DepthwiseConv1d.Apply(x.Span, channels, w.Span, bias.Span, actual.Span);
            Close(expected, actual.Span, 1e-5f, $"C={channels}");
            actual.CheckGuards($"C={channels}");
        }
    }
}
