using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>Vector256 operations that need an ISA-specific instruction to be fast; portable fallbacks otherwise.</summary>
internal static class Vector256Ops
{
    /// <summary>The low 8 signed bytes to 8 floats: one <c>vpmovsxbd</c> and one <c>vcvtdq2ps</c> on AVX2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
