using Warble.Tensors.Parallel;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// C = A · Bᵀ (+ bias) in int8 with int32 sums, as PyTorch's dynamic quantisation (<c>quantize_dynamic</c>) and
/// ggml's VNNI path: weights per output row (<see cref="Int8Weights"/>, once per matrix), activations per row on each
/// call, symmetric, shifted by 128 into the unsigned operand of VPDPBUSD and corrected by the weights' row sums:
/// <c>C[i, j] = s_a[i] · s_w[j] · (Σ_k (q_a + 128) q_w − 128 Σ_k q_w)</c>. VPDPBUSD does 32 byte products per 256-bit
/// instruction where an f32 FMA does 16 per 512-bit one: twice the f32 rate on cores that issue two of each a cycle.
/// </summary>
internal static unsafe class Int8Gemm
{
    /// <summary>Activation rows per register tile.</summary>
    public const int Mr = 6;

    /// <summary>Weight rows (output columns) per register tile: two 256-bit vectors of int32 sums.</summary>
    public const int Nr = 16;

    /// <summary>Column chunks per thread: enough for a loaded core to hand its share to the other.</summary>
    private const int ChunksPerThread = 4;

    /// <summary>Weight panels per chunk at most: 4 × 16 rows × K bytes stay in L2 while every activation tile passes.</summary>
    private const int MaxChunkPanels = 4;

    /// <summary>Computes the product of <paramref name="task"/> (weights transposed, K &gt; 0) over <paramref name="pool"/>.</summary>
    public static void Run(in GemmTask task, WorkerPool pool)
    {
        Int8Weights weights = task.Weights.AsInt8;
        int rowTiles = (task.M + Mr - 1) / Mr;
        int tileFloats = weights.Groups * Mr;
        float* shared = GemmScratch.GetShared((rowTiles * tileFloats) + (rowTiles * Mr) + 16);
        float* rowScales = shared + (rowTiles * tileFloats);
        int threads = pool.ThreadCount;
        int chunkPanels = Math.Clamp(weights.Panels / (threads * ChunksPerThread), 1, MaxChunkPanels);
        var product = new Int8Product(task, weights, (byte*)shared, rowScales, chunkPanels);
        pool.For(rowTiles, new Int8QuantizeRows(product));
        pool.For((weights.Panels + chunkPanels - 1) / chunkPanels, new Int8Sweep(product));
    }
}
