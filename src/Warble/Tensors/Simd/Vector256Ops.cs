using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>The only place where 256-bit ISA-specific instructions appear; see <see cref="Vector128Ops"/>.</summary>
internal static class Vector256Ops
{
    /// <summary>a · b + c, fused when the CPU has FMA, multiply then add otherwise.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c)
    {
        if (Fma.IsSupported)
        {
            return Fma.MultiplyAdd(a, b, c);
        }

        return (a * b) + c;
    }

    /// <summary>Sum of the lanes, halves first so the rounding matches the 128-bit path.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector256<float> v) => Vector128Ops.Sum(v.GetLower() + v.GetUpper());

    /// <summary>The low 8 signed bytes to 8 floats: one <c>vpmovsxbd</c> and one <c>vcvtdq2ps</c> on AVX2.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector256<float> WidenLowerToSingle(Vector128<sbyte> q)
    {
        if (Avx2.IsSupported)
        {
            return Vector256.ConvertToSingle(Avx2.ConvertToVector256Int32(q));
        }

        Vector128<short> s = Vector128.WidenLower(q);
        return Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(s), Vector128.WidenUpper(s)));
    }
}
