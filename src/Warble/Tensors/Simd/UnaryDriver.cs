using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Kernels;

namespace Warble.Tensors.Simd;

/// <summary>
/// Runs an <see cref="IUnaryOperator"/> over a span: validation, then the widest accelerated path
/// (Vector512 → 256 → 128 → scalar), as TensorPrimitives' <c>InvokeSpanIntoSpan</c>.
/// The destination may be the source itself (in place) but must not partly overlap it.
/// </summary>
internal static class UnaryDriver
{
    /// <summary>destination[i] = TOp(x[i]) for every i of x.</summary>
    public static void Apply<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
        => ApplyAt<TOp>(x, destination, SimdCapabilities.AcceleratedLanes);

    /// <summary>
    /// As <see cref="Apply{TOp}(ReadOnlySpan{float}, Span{float})"/> at the widest width of at most
    /// <paramref name="lanes"/> floats (16, 8, 4; 1 for scalar) that the span fills, else scalar, whatever the CPU
    /// prefers: the tests and benchmarks run each path by it.
    /// </summary>
    internal static void ApplyAt<TOp>(ReadOnlySpan<float> x, Span<float> destination, int lanes)
        where TOp : IUnaryOperator
    {
        ThrowHelper.CheckElementwise(x, destination);
        if (lanes >= Vector512<float>.Count && x.Length >= Vector512<float>.Count)
        {
            Core<Width512, Vector512<float>, TOp>(x, destination);
        }
        else if (lanes >= Vector256<float>.Count && x.Length >= Vector256<float>.Count)
        {
            Core<Width256, Vector256<float>, TOp>(x, destination);
        }
        else if (lanes >= Vector128<float>.Count && x.Length >= Vector128<float>.Count)
        {
            Core<Width128, Vector128<float>, TOp>(x, destination);
        }
        else
        {
            CoreScalar<TOp>(x, destination);
        }
    }

    private static void CoreScalar<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = TOp.Invoke(x[i]);
        }
    }

    // The tail is the last full vector, computed before the main loop stores anything so that an
    // in-place call still reads original values; it rewrites a few lanes with the same results.
    [MethodImpl(Inline.Hot)]
    private static void Core<TWidth, TVector, TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TOp : IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int n = x.Length;
        nuint lastIndex = (nuint)(n - TWidth.Count);
        TVector last = TWidth.Invoke<TOp>(TWidth.Load(ref xs, lastIndex));
        int i = 0;
        for (; i <= n - (2 * TWidth.Count); i += 2 * TWidth.Count)
        {
            TVector a = TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)i));
            TVector b = TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)(i + TWidth.Count)));
            TWidth.Store(a, ref ds, (nuint)i);
            TWidth.Store(b, ref ds, (nuint)(i + TWidth.Count));
        }

        for (; i <= n - TWidth.Count; i += TWidth.Count)
        {
            TWidth.Store(TWidth.Invoke<TOp>(TWidth.Load(ref xs, (nuint)i)), ref ds, (nuint)i);
        }

        if (i != n)
        {
            TWidth.Store(last, ref ds, lastIndex);
        }
    }
}
