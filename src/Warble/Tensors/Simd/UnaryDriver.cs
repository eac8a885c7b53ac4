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
    {
        ThrowHelper.CheckElementwise(x, destination);
        if (Vector512.IsHardwareAccelerated && x.Length >= Vector512<float>.Count)
        {
            Core512<TOp>(x, destination);
        }
        else if (Vector256.IsHardwareAccelerated && x.Length >= Vector256<float>.Count)
        {
            Core256<TOp>(x, destination);
        }
        else if (Vector128.IsHardwareAccelerated && x.Length >= Vector128<float>.Count)
        {
            Core128<TOp>(x, destination);
        }
        else
        {
            CoreScalar<TOp>(x, destination);
        }
    }

    internal static void ApplyScalar<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ThrowHelper.CheckElementwise(x, destination);
        CoreScalar<TOp>(x, destination);
    }

    internal static void Apply128<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ThrowHelper.CheckElementwise(x, destination);
        if (x.Length >= Vector128<float>.Count)
        {
            Core128<TOp>(x, destination);
        }
        else
        {
            CoreScalar<TOp>(x, destination);
        }
    }

    internal static void Apply256<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ThrowHelper.CheckElementwise(x, destination);
        if (x.Length >= Vector256<float>.Count)
        {
            Core256<TOp>(x, destination);
        }
        else
        {
            Apply128<TOp>(x, destination);
        }
    }

    internal static void Apply512<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ThrowHelper.CheckElementwise(x, destination);
        if (x.Length >= Vector512<float>.Count)
        {
            Core512<TOp>(x, destination);
        }
        else
        {
            Apply256<TOp>(x, destination);
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
    private static void Core128<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int n = x.Length, width = Vector128<float>.Count;
        nuint lastIndex = (nuint)(n - width);
        Vector128<float> last = TOp.Invoke(Vector128.LoadUnsafe(ref xs, lastIndex));
        int i = 0;
        for (; i <= n - (2 * width); i += 2 * width)
        {
            Vector128<float> a = TOp.Invoke(Vector128.LoadUnsafe(ref xs, (nuint)i));
            Vector128<float> b = TOp.Invoke(Vector128.LoadUnsafe(ref xs, (nuint)(i + width)));
            a.StoreUnsafe(ref ds, (nuint)i);
            b.StoreUnsafe(ref ds, (nuint)(i + width));
        }

        for (; i <= n - width; i += width)
        {
            TOp.Invoke(Vector128.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
        }

        if (i != n)
        {
            last.StoreUnsafe(ref ds, lastIndex);
        }
    }

    [MethodImpl(Inline.Hot)]
    private static void Core256<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int n = x.Length, width = Vector256<float>.Count;
        nuint lastIndex = (nuint)(n - width);
        Vector256<float> last = TOp.Invoke(Vector256.LoadUnsafe(ref xs, lastIndex));
        int i = 0;
        for (; i <= n - (2 * width); i += 2 * width)
        {
            Vector256<float> a = TOp.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i));
            Vector256<float> b = TOp.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)(i + width)));
            a.StoreUnsafe(ref ds, (nuint)i);
            b.StoreUnsafe(ref ds, (nuint)(i + width));
        }

        for (; i <= n - width; i += width)
        {
            TOp.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
        }

        if (i != n)
        {
            last.StoreUnsafe(ref ds, lastIndex);
        }
    }

    [MethodImpl(Inline.Hot)]
    private static void Core512<TOp>(ReadOnlySpan<float> x, Span<float> destination)
        where TOp : IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ds = ref MemoryMarshal.GetReference(destination);
        int n = x.Length, width = Vector512<float>.Count;
        nuint lastIndex = (nuint)(n - width);
        Vector512<float> last = TOp.Invoke(Vector512.LoadUnsafe(ref xs, lastIndex));
        int i = 0;
        for (; i <= n - (2 * width); i += 2 * width)
        {
            Vector512<float> a = TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i));
            Vector512<float> b = TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)(i + width)));
            a.StoreUnsafe(ref ds, (nuint)i);
            b.StoreUnsafe(ref ds, (nuint)(i + width));
        }

        for (; i <= n - width; i += width)
        {
            TOp.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ds, (nuint)i);
        }

        if (i != n)
        {
            last.StoreUnsafe(ref ds, lastIndex);
        }
    }
}
