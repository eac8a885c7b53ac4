using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>How a product runs: the ISA path and the pool whose <see cref="WorkerPool.ThreadCount"/> it may use.</summary>
internal readonly record struct GemmSettings(GemmPath Path, WorkerPool Pool)
{
    /// <summary>The fastest path on this thread's pool (<see cref="WorkerPool.Current"/>).</summary>
    public static GemmSettings Default => new(GemmPaths.Best, WorkerPool.Current);
}
