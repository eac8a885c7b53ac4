using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm;

/// <summary>
/// One k-slice of one A block of a parallel product (<see cref="Blocking.RunShared"/>): the A rows
/// [<see cref="I0"/>, <see cref="I0"/> + <see cref="Rows"/>) packed once into <see cref="Ap"/>, shared by every pool
/// thread. As a pool action, index i packs B columns of chunk i and sweeps them against <see cref="Ap"/>.
/// </summary>
internal readonly unsafe struct SharedBlock(GemmTask task, float* ap, int p0, int kc, int i0, int rows, int chunkColumns) : IRangeAction
{
    public readonly GemmTask Task = task;

    /// <summary>The packed A block: rows rounded up to whole micro-panels, each [kc][mr].</summary>
    public float* Ap { get; } = ap;

    public int P0 { get; } = p0;

    public int Kc { get; } = kc;

    public int I0 { get; } = i0;

    public int Rows { get; } = rows;

    public int ChunkColumns { get; } = chunkColumns;

    public void Invoke(int index)
    {
        int j0 = index * ChunkColumns;
        Blocking.SweepChunk(this, j0, Math.Min(Task.N, j0 + ChunkColumns));
    }
}
