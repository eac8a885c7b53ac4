using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>How a product runs: the ISA path and the pool whose <see cref="WorkerPool.ThreadCount"/> it may use.</summary>
internal readonly record struct GemmSettings(GemmPath Path, WorkerPool Pool)
{
    /// <summary>The fastest path on <see cref="WorkerPool.Shared"/>.</summary>
    public static GemmSettings Default => new(GemmPaths.Best, WorkerPool.Shared);
}
