using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>Pool action packing the A block of a <see cref="SharedBlock"/>: index i packs micro-panel i (mr rows).</summary>
internal readonly unsafe struct PackAPanels(SharedBlock block) : IRangeAction
{
    public void Invoke(int index)
    {
        ref readonly GemmTask task = ref block.Task;
        int mr = GemmPaths.Tile(task.Path).Mr, i = index * mr;
        Packing.PackA(task.A + ((block.I0 + i) * task.Lda) + block.P0, task.Lda, Math.Min(mr, block.Rows - i), block.Kc, mr, block.Ap + (i * block.Kc));
    }
}
