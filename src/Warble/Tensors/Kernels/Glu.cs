using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Gated linear unit: each row of 2n values splits into halves a and b, giving a · σ(b), as
/// <c>torch.nn.functional.glu</c> on the last dimension. NeMo's Conformer convolution applies GLU with
/// dim=1 to [C, T]; with Warble's time-major [T, 2C] layout that is rows = T, n = C, and a channel-major
/// [2C, T] tensor is one row with n = C·T.
/// </summary>
internal static class Glu
{
    /// <summary>destination[r, j] = x[r, j] · σ(x[r, n + j]).</summary>
    /// <param name="x">[rows, 2n] row-major.</param>
    /// <param name="n">Half the row width: the output width.</param>
    /// <param name="destination">[rows, n]; must not overlap <paramref name="x"/>.</param>
    public static void Apply(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        int rows = Check(x, n, destination);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(2 * r * n, 2 * n);
            BinaryDriver.Apply<GluOperator>(row[..n], row[n..], destination.Slice(r * n, n));
        }
    }

    /// <summary>Scalar definition in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        int rows = Check(x, n, destination);
        for (int r = 0; r < rows; r++)
        {
            for (int j = 0; j < n; j++)
            {
                double a = x[(2 * r * n) + j], b = x[(2 * r * n) + n + j];
                destination[(r * n) + j] = (float)(a / (1 + Math.Exp(-b)));
            }
        }
    }

    private static int Check(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        ThrowHelper.CheckPositive(n, nameof(n));
        if (x.Length % (2 * n) != 0)
        {
            ThrowHelper.ThrowArgument($"GLU input of {x.Length} values is not whole rows of 2×{n}");
        }

        int rows = x.Length / (2 * n);
        ThrowHelper.CheckLength(destination.Length, (long)rows * n, nameof(destination));
        return rows;
    }
}
