using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Row-wise softmax and log-softmax, numerically stable (the row maximum is subtracted before exp), as
/// <c>torch.softmax</c> / <c>torch.log_softmax</c> on the last dimension. The exp-and-sum pass is
/// hand-vectorized per width with <see cref="FastExp"/>; the max and the final scale use TensorPrimitives.
/// </summary>
internal static class Softmax
{
    /// <summary>destination[r, j] = exp(x[r, j] − max_r) / Σ_j exp(x[r, j] − max_r).</summary>
    /// <param name="x">[rows, n] row-major.</param>
    /// <param name="n">Row length, positive.</param>
    /// <param name="destination">[rows, n]; may be <paramref name="x"/>.</param>
    public static void Apply(ReadOnlySpan<float> x, int n, Span<float> destination) => ApplyAt(x, n, destination, log: false, SimdCapabilities.AcceleratedLanes);

    /// <summary>destination[r, j] = x[r, j] − max_r − log Σ_j exp(x[r, j] − max_r).</summary>
    /// <param name="x">[rows, n] row-major.</param>
    /// <param name="n">Row length, positive.</param>
    /// <param name="destination">[rows, n]; may be <paramref name="x"/>.</param>
    public static void ApplyLog(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        if (!x.Overlaps(destination))
        {
            ApplyAt(x, n, destination, log: true, SimdCapabilities.AcceleratedLanes);
            return;
        }

        // In place the exp pass would overwrite x before the final (x - max) - log Σ, so shift first and sum the exps without storing them.
        Check(x, n, destination);
        for (int start = 0; start < destination.Length; start += n)
        {
            Span<float> y = destination.Slice(start, n);
            TensorPrimitives.Subtract(y, TensorPrimitives.Max(y), y);
            TensorPrimitives.Subtract(y, (float)Math.Log(FastExp.SumOfExp(y, 0f)), y);
        }
    }

    /// <summary>Scalar definition of both forms, with double accumulation.</summary>
    internal static void Reference(ReadOnlySpan<float> x, int n, Span<float> destination, bool log)
    {
        Check(x, n, destination);
        for (int start = 0; start < x.Length; start += n)
        {
            ReadOnlySpan<float> row = x.Slice(start, n);
            double max = double.NegativeInfinity, sum = 0;
            foreach (float v in row)
            {
                max = Math.Max(max, v);
            }

            foreach (float v in row)
            {
                sum += Math.Exp(v - max);
            }

            for (int j = 0; j < n; j++)
            {
                destination[start + j] = (float)(log ? row[j] - max - Math.Log(sum) : Math.Exp(row[j] - max) / sum);
            }
        }
    }

    internal static void ApplyScalar(ReadOnlySpan<float> x, int n, Span<float> destination, bool log)
    {
        Check(x, n, destination);
        for (int start = 0; start < x.Length; start += n)
        {
            ReadOnlySpan<float> row = x.Slice(start, n);
            Span<float> y = destination.Slice(start, n);
            float max = TensorPrimitives.Max(row);
            Finish(row, max, ExpSumScalar(row, max, y, 0), y, log);
        }
    }

    private static float ExpSumScalar(ReadOnlySpan<float> row, float max, Span<float> y, int start)
    {
        float sum = 0;
        for (int j = start; j < row.Length; j++)
        {
            float e = MathF.Exp(row[j] - max);
            y[j] = e;
            sum += e;
        }

        return sum;
    }

    // Log-softmax subtracts max and log Σ in two steps: (x − max) is exact for the large entries, whereas
    // x − (max + log Σ) would round log Σ to the ulp of max (ATen's order, off by up to 1e-5 for logits ~100).
    [MethodImpl(Inline.Short)]
    private static void Finish(ReadOnlySpan<float> row, float max, float sum, Span<float> y, bool log)
    {
        if (log)
        {
            TensorPrimitives.Subtract(row, max, y);
            TensorPrimitives.Subtract(y, MathF.Log(sum), y);
        }
        else
        {
            TensorPrimitives.Multiply(y, 1f / sum, y);
        }
    }

    /// <summary>
    /// <see cref="Apply"/> (or, with <paramref name="log"/>, <see cref="ApplyLog"/> out of place) at the widest width of
    /// at most <paramref name="lanes"/> floats (16, 8, 4; 1 for scalar) that a row fills, else scalar: each path,
    /// whatever the CPU, for the tests and benchmarks.
    /// </summary>
    internal static void ApplyAt(ReadOnlySpan<float> x, int n, Span<float> destination, bool log, int lanes)
    {
        if (lanes >= Vector512<float>.Count && n >= Vector512<float>.Count)
        {
            Rows<Width512, Vector512<float>>(x, n, destination, log);
        }
        else if (lanes >= Vector256<float>.Count && n >= Vector256<float>.Count)
        {
            Rows<Width256, Vector256<float>>(x, n, destination, log);
        }
        else if (lanes >= Vector128<float>.Count && n >= Vector128<float>.Count)
        {
            Rows<Width128, Vector128<float>>(x, n, destination, log);
        }
        else
        {
            ApplyScalar(x, n, destination, log);
        }
    }

    private static void Rows<TWidth, TVector>(ReadOnlySpan<float> x, int n, Span<float> destination, bool log)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        Check(x, n, destination);
        for (int start = 0; start < x.Length; start += n)
        {
            ReadOnlySpan<float> row = x.Slice(start, n);
            Span<float> y = destination.Slice(start, n);
            float max = TensorPrimitives.Max(row);
            Finish(row, max, ExpSum<TWidth, TVector>(row, max, y), y, log);
        }
    }

    // y = exp(row − max) and returns its sum; in place is safe because each lane is read before it is written.
    [MethodImpl(Inline.Hot)]
    private static float ExpSum<TWidth, TVector>(ReadOnlySpan<float> row, float max, Span<float> y)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        ref float xs = ref MemoryMarshal.GetReference(row);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int n = row.Length, j = 0;
        TVector maxV = TWidth.Create(max), acc = default;
        for (; j <= n - TWidth.Count; j += TWidth.Count)
        {
            TVector e = TWidth.Invoke<FastExpOperator>(TWidth.Subtract(TWidth.Load(ref xs, (nuint)j), maxV));
            TWidth.Store(e, ref ys, (nuint)j);
            acc = TWidth.Add(acc, e);
        }

        return TWidth.Sum(acc) + ExpSumScalar(row, max, y, j);
    }

    private static void Check(ReadOnlySpan<float> x, int n, Span<float> destination)
    {
        ThrowHelper.CheckPositive(n, nameof(n));
        if (x.Length % n != 0)
        {
            ThrowHelper.ThrowArgument($"softmax input of {x.Length} values is not whole rows of {n}");
        }

        ThrowHelper.CheckElementwise(x, destination);
    }
}
