using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>σ(x) = 1 / (1 + e^-x), as <c>torch.sigmoid</c>.</summary>
internal static class Sigmoid
{
    /// <summary>destination = f(x), elementwise.</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Apply<SigmoidOperator>(x, destination);

    /// <summary>Scalar definition in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            destination[i] = (float)(1 / (1 + Math.Exp(-v)));
        }
    }
}
