using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>
/// The only place where 128-bit ISA-specific instructions appear (as ggml's <c>simd-mappings.h</c>,
/// ImageSharp's <c>Vector128Utilities</c>); kernels call these and stay portable.
/// </summary>
internal static class Vector128Ops
{
    /// <summary>a · b + c, fused (one rounding) when the CPU has FMA, multiply then add otherwise.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        if (AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c, a, b);
        }

        return (a * b) + c;
    }

    /// <summary>Sum of the lanes.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector128<float> v) => Vector128.Sum(v);

    /// <summary>Whether <see cref="TransposeStore"/> is four unpacks and four moves (SSE) rather than lane by lane.</summary>
    public static bool TransposeIsAccelerated => Sse.IsSupported;

    /// <summary>
    /// Stores the transpose of the 4×4 block whose rows are <paramref name="r0"/>..<paramref name="r3"/>: row i of the
    /// result at <paramref name="d"/> + i·<paramref name="ldd"/>.
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static unsafe void TransposeStore(Vector128<float> r0, Vector128<float> r1, Vector128<float> r2, Vector128<float> r3, float* d, nint ldd)
    {
        if (!Sse.IsSupported)
        {
            for (int i = 0; i < 4; i++)
            {
                Vector128.Create(r0[i], r1[i], r2[i], r3[i]).Store(d + (i * ldd));
            }

            return;
        }

        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
        Sse.MoveLowToHigh(t0, t2).Store(d);
        Sse.MoveHighToLow(t2, t0).Store(d + ldd);
        Sse.MoveLowToHigh(t1, t3).Store(d + (2 * ldd));
        Sse.MoveHighToLow(t3, t1).Store(d + (3 * ldd));
    }
}
