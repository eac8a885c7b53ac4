namespace Warble.Tensors.Gemm.Int8;

/// <summary>One int8 product as the pool's actions see it: the task, its packed activations and quantised weights.</summary>
internal readonly unsafe struct Int8Product(in GemmTask task, Int8Weights weights, byte* packed, float* rowScales, int chunkPanels)
{
    public readonly GemmTask Task = task;
    public readonly Int8Weights Weights = weights;

    /// <summary>Activation rows, <see cref="Lda"/> unsigned bytes each, M rounded up to whole tiles of <see cref="Int8Gemm.Mr"/>.</summary>
    public readonly byte* Packed = packed;

    /// <summary>Each activation row's scale, max |a| / 127.</summary>
    public readonly float* RowScales = rowScales;

    /// <summary>Weight panels per column chunk (pool index of <see cref="Int8Sweep"/>).</summary>
    public readonly int ChunkPanels = chunkPanels;

    public int RowTiles => (Task.M + Int8Gemm.Mr - 1) / Int8Gemm.Mr;

    /// <summary>Bytes per quantised activation row: K padded to whole groups of four.</summary>
    public nint Lda => (nint)Weights.Groups * 4;

    /// <summary>The first row of tile <paramref name="t"/>.</summary>
    public byte* Tile(int t) => Packed + ((nint)t * Int8Gemm.Mr * Lda);
}
