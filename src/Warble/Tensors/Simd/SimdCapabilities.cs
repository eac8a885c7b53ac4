using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>What the vector paths may assume on this machine; the only place kernels learn about the ISA.</summary>
internal static class SimdCapabilities
{
    /// <summary>Whether <c>Vector256/512.FusedMultiplyAdd</c> is one instruction (x64 FMA3; Arm always has it).</summary>
    public static bool HasFusedMultiplyAdd { get; } = Fma.IsSupported || AdvSimd.IsSupported;

    /// <summary>Whether the CPU has AVX-512 Foundation (before <see cref="HasVector512"/>: its initializer reads this one).</summary>
    public static bool HasAvx512 { get; } = Avx512F.IsSupported;

    /// <summary>
    /// Whether Vector512 operations compile to AVX-512. The runtime reports <c>Vector512.IsHardwareAccelerated</c> as false
    /// on cores that down-clock under AVX-512 (Skylake-X, Cascade Lake) yet still compiles Vector512 to it; the blocked
    /// GEMM is compute-bound and gains about 2× there, so the kernels ask for the instruction set instead.
    /// </summary>
    public static bool HasVector512 { get; } = Vector512.IsHardwareAccelerated || HasAvx512;

    /// <summary>Whether the Vector512 kernels run at full speed.</summary>
    public static bool Vector512Fast => HasVector512 && HasFusedMultiplyAdd;

    /// <summary>Whether the Vector256 kernels run at full speed.</summary>
    public static bool Vector256Fast => Vector256.IsHardwareAccelerated && HasFusedMultiplyAdd;

    /// <summary>
    /// Floats in the widest vector the runtime accelerates (16, 8 or 4), else 1: where the elementwise and row kernels
    /// start their dispatch (they go narrower for rows shorter than a vector).
    /// </summary>
    public static int AcceleratedLanes { get; } = Vector512.IsHardwareAccelerated ? Vector512<float>.Count
        : Vector256.IsHardwareAccelerated ? Vector256<float>.Count : Vector128.IsHardwareAccelerated ? Vector128<float>.Count : 1;
}
