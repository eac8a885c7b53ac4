using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>Vector512 operations that need an ISA-specific instruction to be fast; portable fallbacks otherwise.</summary>
internal static class Vector512Ops
{
    /// <summary>16 signed bytes to 16 floats: one <c>vpmovsxbd</c> and one <c>vcvtdq2ps</c> on AVX-512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WidenToSingle(Vector128<sbyte> q)
    {
        if (Avx512F.IsSupported)
        {
            return Vector512.ConvertToSingle(Avx512F.ConvertToVector512Int32(q));
        }

        Vector256<short> s = Vector256.Create(Vector128.WidenLower(q), Vector128.WidenUpper(q));
        return Vector512.ConvertToSingle(Vector512.Create(Vector256.WidenLower(s), Vector256.WidenUpper(s)));
    }
}
