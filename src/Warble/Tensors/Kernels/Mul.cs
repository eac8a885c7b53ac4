using System.Numerics.Tensors;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>Elementwise x · y with the broadcasts the models need, as <c>torch.mul</c>: same shape, a row vector, a scalar.</summary>
internal static class Mul
{
    /// <summary>Same shape: destination[i] = x[i] · y[i].</summary>
    /// <param name="x">Any length.</param>
    /// <param name="y">As long as <paramref name="x"/>.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> or <paramref name="y"/>.</param>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination) =>
        BinaryDriver.Apply<MultiplyOperator>(x, y, destination);

    /// <summary>Row-vector broadcast: destination[r, j] = x[r, j] · row[j].</summary>
    /// <param name="x">[rows, n] row-major, n = <paramref name="row"/>'s length.</param>
    /// <param name="row">[n], n &gt; 0.</param>
    /// <param name="destination">[rows, n]; may be <paramref name="x"/>.</param>
    public static void ApplyRows(ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination) =>
        BinaryDriver.ApplyRows<MultiplyOperator>(x, row, destination);

    /// <summary>Scalar broadcast: destination[i] = x[i] · y.</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/>.</param>
    public static void Apply(ReadOnlySpan<float> x, float y, Span<float> destination)
    {
        ThrowHelper.CheckElementwise(x, destination);
        TensorPrimitives.Multiply(x, y, destination[..x.Length]);
    }

    /// <summary>Scalar definition of the row-vector broadcast (same shape is rows = 1).</summary>
    internal static void ReferenceRows(ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination)
    {
        int n = row.Length;
        BinaryDriver.CheckRows(x.Length, n);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = x[i] * row[i % n];
        }
    }
}
