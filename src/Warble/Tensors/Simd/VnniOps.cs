using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>
/// The int8 dot product VPDPBUSD (unsigned bytes × signed bytes, four to each int32 lane). .NET 10 exposes it as
/// AVX-VNNI (VEX, 128/256-bit) only: no class for the AVX512-VNNI forms, nor for AVX512-BF16's VDPBF16PS.
/// </summary>
internal static class VnniOps
{
    /// <summary>Whether <see cref="DotAdd"/> is one instruction here (<c>DOTNET_EnableAVXVNNI=0</c> turns it off).</summary>
    public static bool IsSupported => AvxVnni.IsSupported;

    /// <summary>acc[i] + Σ_{t&lt;4} a[4i+t] · b[4i+t], with a unsigned and b signed; no saturation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> DotAdd(Vector256<int> acc, Vector256<byte> a, Vector256<sbyte> b)
        => AvxVnni.MultiplyWideningAndAdd(acc, a, b);
}
