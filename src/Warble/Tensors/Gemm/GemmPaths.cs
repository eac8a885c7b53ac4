using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>Which <see cref="GemmPath"/>s this machine runs, and the fastest one.</summary>
internal static class GemmPaths
{
    /// <summary>The path <see cref="MatMul"/> uses by default.</summary>
    public static GemmPath Best { get; } = SimdCapabilities.Vector512Fast ? GemmPath.Vector512
        : SimdCapabilities.Vector256Fast ? GemmPath.Vector256 : GemmPath.Vector128;

    /// <summary>Every path that runs correctly here (Vector128 always does, in software if need be).</summary>
    public static IReadOnlyList<GemmPath> Supported { get; } = [.. Enum.GetValues<GemmPath>().Where(IsSupported)];

    public static bool IsSupported(GemmPath path) => path switch
    {
        GemmPath.Vector512 => SimdCapabilities.Vector512Fast,
        GemmPath.Vector256 => SimdCapabilities.Vector256Fast,
        _ => true,
    };

    /// <summary>Register tile of the micro-kernel: rows of A (broadcast) by columns of B (vector loads).</summary>
    public static (int Mr, int Nr) Tile(GemmPath path) => path switch
    {
        GemmPath.Vector512 => MicroKernel.Tile<Width512, Vector512<float>>(),
        GemmPath.Vector256 => MicroKernel.Tile<Width256, Vector256<float>>(),
        _ => MicroKernel.Tile<Width128, Vector128<float>>(),
    };
}
