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
}
