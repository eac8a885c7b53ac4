using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Kernels;

namespace Warble.Tensors.Simd;

/// <summary>
/// Runs an <see cref="IBinaryOperator"/> over two spans of equal length: validation, then the widest
/// accelerated path (Vector512 → 256 → 128 → scalar), as TensorPrimitives' <c>InvokeSpanSpanIntoSpan</c>.
/// The destination may be either source (in place) but must not partly overlap one.
/// </summary>
internal static class BinaryDriver
{
    /// <summary>destination[i] = TOp(x[i], y[i]) for every i of x.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : IBinaryOperator
        => ApplyAt<TOp>(x, y, destination, SimdCapabilities.AcceleratedLanes);

    /// <summary>Row-vector broadcast: destination[r, j] = TOp(x[r, j], row[j]), x being whole rows of row's length.</summary>
    public static void ApplyRows<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> row, Span<float> destination)
        where TOp : IBinaryOperator
    {
        int n = row.Length;
        CheckRows(x.Length, n);
        ThrowHelper.CheckElementwise(x, destination);
        for (int start = 0; start < x.Length; start += n)
        {
            Apply<TOp>(x.Slice(start, n), row, destination.Slice(start, n));
        }
    }

    /// <summary>Throws unless <paramref name="length"/> values are whole rows of <paramref name="n"/> &gt; 0.</summary>
    internal static void CheckRows(int length, int n)
    {
        ThrowHelper.CheckPositive(n, "row length");
        if (length % n != 0)
        {
            ThrowHelper.ThrowArgument($"{length} values are not whole rows of {n}");
        }
    }

    /// <summary>
    /// As <see cref="Apply{TOp}(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/> at the widest width of at most
    /// <paramref name="lanes"/> floats (16, 8, 4; 1 for scalar) that the span fills, else scalar, whatever the CPU
    /// prefers: the tests and benchmarks run each path by it.
    /// </summary>
    internal static void ApplyAt<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination, int lanes)
        where TOp : IBinaryOperator
    {
        Check(x, y, destination);
        if (lanes >= Vector512<float>.Count && x.Length >= Vector512<float>.Count)
        {
            Core<Width512, Vector512<float>, TOp>(x, y, destination);
        }
        else if (lanes >= Vector256<float>.Count && x.Length >= Vector256<float>.Count)
        {
            Core<Width256, Vector256<float>, TOp>(x, y, destination);
        }
        else if (lanes >= Vector128<float>.Count && x.Length >= Vector128<float>.Count)
        {
            Core<Width128, Vector128<float>, TOp>(x, y, destination);
        }
        else
        {
            CoreScalar<TOp>(x, y, destination);
        }
    }

    private static void CoreScalar<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TOp : IBinaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i], y[i]);
        }
    }

    // The tail is the last full vector, computed before the main loop stores anything so that an
    // in-place call still reads original values; it rewrites a few lanes with the same results.
    [MethodImpl(Inline.Hot)]
    private static void Core<TWidth, TVector, TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TOp : IBinaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        nuint lastIndex = (nuint)(n - TWidth.Count);
        TVector last = TWidth.Invoke<TOp>(TWidth.Load(ref xs, lastIndex), TWidth.Load(ref ys, lastIndex));
        int i = 0;
        for (; i <= n - (2 * TWidth.Count); i += 2 * TWidth.Count)
        {
            TVector a = TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)i), TWidth.Load(ref ys, (nuint)i));
            TVector b = TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)(i + TWidth.Count)), TWidth.Load(ref ys, (nuint)(i + TWidth.Count)));
            TWidth.Store(a, ref ds, (nuint)i);
            TWidth.Store(b, ref ds, (nuint)(i + TWidth.Count));
        }

        for (; i <= n - TWidth.Count; i += TWidth.Count)
        {
            TWidth.Store(TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)i), TWidth.Load(ref ys, (nuint)i)), ref ds, (nuint)i);
        }

        if (i != n)
        {
            TWidth.Store(last, ref ds, lastIndex);
        }
    }

    private static void Check(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        ThrowHelper.CheckExactLength(y.Length, x.Length, "y");
        ThrowHelper.CheckElementwise(x, destination);
        ThrowHelper.CheckElementwise(y, destination);
    }
}
