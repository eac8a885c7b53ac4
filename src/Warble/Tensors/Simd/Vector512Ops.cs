using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>The only place where 512-bit ISA-specific instructions appear; see <see cref="Vector128Ops"/>.</summary>
internal static class Vector512Ops
{
    /// <summary>a · b + c, fused (AVX-512F always has FMA); multiply then add where emulated.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a, b, c);
        }

        return (a * b) + c;
    }

    /// <summary>Sum of the lanes, halves first.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector512<float> v) => Vector256Ops.Sum(v.GetLower() + v.GetUpper());
}
