using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>max(x, 0), as <c>torch.nn.ReLU</c>; NeMo's <c>ConvSubsampling</c> activation.</summary>
internal static class Relu
{
    /// <summary>destination = f(x), elementwise.</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Apply<ReluOperator>(x, destination);

    /// <summary>Scalar definition in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            destination[i] = (float)(v > 0 ? v : 0);
        }
    }
}
