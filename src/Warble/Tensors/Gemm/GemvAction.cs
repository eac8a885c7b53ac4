using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>Pool action of <see cref="Gemv"/>: index i computes output columns [i·chunk, (i + 1)·chunk).</summary>
internal readonly struct GemvAction(GemmTask task, int chunk) : IRangeAction
{
    public void Invoke(int index) => Gemv.Columns(task, index * chunk, Math.Min(task.N, (index + 1) * chunk));
}
