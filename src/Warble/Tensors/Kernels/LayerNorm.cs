using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Layer normalization over the last dimension, as PyTorch's <c>nn.LayerNorm</c> (openai-whisper's
/// <c>LayerNorm</c>, eps 1e-5; NeMo's Conformer norms). Statistics are accumulated in float lanes, the
/// biased variance comes from a second pass over (x − mean)², and the output is formed as
/// <c>(x · rstd − mean · rstd) · gamma + beta</c>, the order of ATen's <c>LayerNormKernelImplInternal</c>.
/// </summary>
internal static class LayerNorm
{
    /// <summary>destination[r] = (x[r] − mean) / √(var + eps) · gamma + beta for every row r.</summary>
    /// <param name="x">[rows, d] row-major.</param>
    /// <param name="gamma">[d], the weight.</param>
    /// <param name="beta">[d], the bias.</param>
    /// <param name="eps">Added to the variance (1e-5 for Whisper and NeMo).</param>
    /// <param name="destination">[rows, d]; may be <paramref name="x"/>.</param>
    public static void Apply(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination)
        => ApplyAt(x, gamma, beta, eps, destination, SimdCapabilities.AcceleratedLanes);

    /// <summary>Scalar definition: double accumulators, two passes.</summary>
    internal static void Reference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination)
    {
        int d = Check(x, gamma, beta, destination);
        for (int r = 0; r < x.Length / d; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * d, d);
            double mean = 0, variance = 0;
            foreach (float v in row)
            {
                mean += v;
            }

            mean /= d;
            foreach (float v in row)
            {
                variance += (v - mean) * (v - mean);
            }

            double rstd = 1 / Math.Sqrt((variance / d) + eps);
            for (int j = 0; j < d; j++)
            {
                destination[(r * d) + j] = (float)(((row[j] - mean) * rstd * gamma[j]) + beta[j]);
            }
        }
    }

    internal static void ApplyScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination)
    {
        int d = Check(x, gamma, beta, destination);
        for (int start = 0; start < x.Length; start += d)
        {
            ReadOnlySpan<float> row = x.Slice(start, d);
            Span<float> y = destination.Slice(start, d);
            float sum = 0;
            for (int j = 0; j < d; j++)
            {
                sum += row[j];
            }

            float mean = sum / d, squares = 0;
            for (int j = 0; j < d; j++)
            {
                float c = row[j] - mean;
                squares += c * c;
            }

            float rstd = 1f / MathF.Sqrt((squares / d) + eps), shift = -mean * rstd;
            for (int j = 0; j < d; j++)
            {
                y[j] = (((row[j] * rstd) + shift) * gamma[j]) + beta[j];
            }
        }
    }

    /// <summary>
    /// As <see cref="Apply"/> at the widest width of at most <paramref name="lanes"/> floats (16, 8, 4; 1 for scalar)
    /// that a row fills, else scalar: each path, whatever the CPU, for the tests and benchmarks.
    /// </summary>
    internal static void ApplyAt(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination, int lanes)
    {
        int d = Check(x, gamma, beta, destination);
        if (lanes >= Vector512<float>.Count && d >= Vector512<float>.Count)
        {
            Rows<Width512, Vector512<float>>(x, gamma, beta, eps, destination);
        }
        else if (lanes >= Vector256<float>.Count && d >= Vector256<float>.Count)
        {
            Rows<Width256, Vector256<float>>(x, gamma, beta, eps, destination);
        }
        else if (lanes >= Vector128<float>.Count && d >= Vector128<float>.Count)
        {
            Rows<Width128, Vector128<float>>(x, gamma, beta, eps, destination);
        }
        else
        {
            ApplyScalar(x, gamma, beta, eps, destination);
        }
    }

    /// <summary>Every row at width <typeparamref name="TWidth"/> (rows at least one vector wide).</summary>
    private static void Rows<TWidth, TVector>(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int d = gamma.Length;
        for (int start = 0; start < x.Length; start += d)
        {
            Row<TWidth, TVector>(x.Slice(start, d), gamma, beta, eps, destination.Slice(start, d));
        }
    }

    [MethodImpl(Inline.Hot)]
    private static void Row<TWidth, TVector>(ReadOnlySpan<float> row, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> y)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(row);
        int d = row.Length, j;
        TVector acc = default;
        for (j = 0; j <= d - TWidth.Count; j += TWidth.Count)
        {
            acc = TWidth.Add(acc, TWidth.Load(ref xs, (nuint)j));
        }

        float sum = TWidth.Sum(acc);
        for (; j < d; j++)
        {
            sum += row[j];
        }

        float mean = sum / d;
        TVector meanV = TWidth.Create(mean);
        acc = default;
        for (j = 0; j <= d - TWidth.Count; j += TWidth.Count)
        {
            TVector c = TWidth.Subtract(TWidth.Load(ref xs, (nuint)j), meanV);
            acc = TWidth.MultiplyAdd(c, c, acc);
        }

        float squares = TWidth.Sum(acc);
        for (; j < d; j++)
        {
            squares += (row[j] - mean) * (row[j] - mean);
        }

        float rstd = 1f / MathF.Sqrt((squares / d) + eps), shift = -mean * rstd;
        Normalize<TWidth, TVector>(row, gamma, beta, rstd, shift, y);
    }

    [MethodImpl(Inline.Hot)]
    private static void Normalize<TWidth, TVector>(ReadOnlySpan<float> row, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float rstd, float shift, Span<float> y)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(row);
        ref float gs = ref MemoryMarshal.GetReference(gamma);
        ref float bs = ref MemoryMarshal.GetReference(beta);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int d = row.Length, j;
        TVector rstdV = TWidth.Create(rstd), shiftV = TWidth.Create(shift);
        for (j = 0; j <= d - TWidth.Count; j += TWidth.Count)
        {
            TVector n = TWidth.MultiplyAdd(TWidth.Load(ref xs, (nuint)j), rstdV, shiftV);
            TWidth.Store(TWidth.MultiplyAdd(n, TWidth.Load(ref gs, (nuint)j), TWidth.Load(ref bs, (nuint)j)), ref ys, (nuint)j);
        }

        for (; j < d; j++)
        {
            y[j] = (((row[j] * rstd) + shift) * gamma[j]) + beta[j];
        }
    }

    private static int Check(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> destination)
    {
        int d = gamma.Length;
        ThrowHelper.CheckPositive(d, "gamma length");
        ThrowHelper.CheckExactLength(beta.Length, d, nameof(beta));
        if (x.Length % d != 0)
        {
            ThrowHelper.ThrowArgument($"layer norm input of {x.Length} values is not whole rows of {d}");
        }

        ThrowHelper.CheckElementwise(x, destination);
        return d;
    }
}
