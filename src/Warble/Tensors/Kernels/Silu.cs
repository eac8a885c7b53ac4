using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>SiLU (Swish): x · σ(x), as <c>torch.nn.SiLU</c>; NeMo's <c>Swish</c> activation in the Conformer convolution and feed-forward modules.</summary>
internal static class Silu
{
    /// <summary>destination = f(x), elementwise.</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Apply<SiluOperator>(x, destination);

    /// <summary>Scalar definition in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            destination[i] = (float)(v / (1 + Math.Exp(-v)));
        }
    }
}
