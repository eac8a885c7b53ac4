using System.Numerics.Tensors;

namespace Warble.Tensors.Kernels;

/// <summary>tanh, as <c>torch.tanh</c>; TensorPrimitives already vectorizes it with care for small |x|.</summary>
internal static class Tanh
{
    /// <summary>destination = tanh(x), elementwise.</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination)
    {
        ThrowHelper.CheckElementwise(x, destination);
        TensorPrimitives.Tanh(x, destination[..x.Length]);
    }

    /// <summary>Scalar definition in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)Math.Tanh(x[i]);
        }
    }
}
