using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Kernels;

/// <summary>
/// One head × block of queries of <see cref="Attention.Apply(ReadOnlySpan{float}, KeyValueCache, ReadOnlySpan{float}, bool, Span{float}, Span{float})"/>.
/// Up to <see cref="RowQueries"/> queries (decoding: one token against the cache or the audio) use direct dot products
/// and a weighted sum of value rows (<see cref="AttentionRows"/>), with no packing; larger blocks run Q·Kᵀ and P·V
/// as single-threaded GEMMs, the heads and blocks themselves being spread over the pool; in int8 where the call has
/// quantised the keys (<see cref="KeysInt8"/>) and values (<see cref="ValuesInt8"/>).
/// </summary>
internal unsafe struct AttentionTask : IRangeAction
{
    /// <summary>
    /// At most this many queries per head take the direct row path: beam search's and best-of-N's five hypotheses
    /// against one window's audio keys read each head's keys and values from memory once and then from L2, where the
    /// GEMM path would first transpose every key (Whisper tiny, five hypotheses: 9.1 ms of cross-attention per step).
    /// </summary>
    public const int RowQueries = 8;

    /// <summary>Bytes of key or value rows that <see cref="SharedRows"/> takes at a time: half of L1, with room for the rest.</summary>
    private const int SharedPieceBytes = 16 << 10;

    /// <summary>Queries per block on the GEMM path: eight 12-row micro-panels, whose scores (96 × T_k) stay in L2.</summary>
    public const int BlockQueries = 96;

    /// <summary>Nested GEMMs run on the calling worker alone; the parallelism is over heads and blocks.</summary>
    private static readonly GemmSettings Serial = new(GemmPaths.Best, new WorkerPool(1));

    /// <summary>The unpacked AVX-512 products apply (the same condition as the GEMM's Vector512 path).</summary>
    private static readonly bool Direct = GemmPaths.Best == GemmPath.Vector512;

    [ThreadStatic]
    private static float[]? t_scores;

    public float* Q;
    public float* Destination;
    public float* Mask;
    public float* Weights;
    public float* KeysT;

    /// <summary>Empty, or every head's keys quantised for the int8 score product (then <see cref="KeysT"/> is null).</summary>
    public Int8Keys KeysInt8;

    /// <summary>
    /// Empty, or every head's values quantised for the int8 product P·V, whose probabilities go from the softmax straight
    /// to bytes (only without mask, causality or weights to return: the encoder's self-attention).
    /// </summary>
    public Int8Values ValuesInt8;
    public KeyValueCache Cache;
    public int Tq;
    public int Tk;

    /// <summary>Row stride of Kᵀ and of the block's scores: T_k rounded up to whole 16-lane vectors (zero-padded).</summary>
    public int Ldk;
    public bool Causal;
    public float Scale;
    public int QueryBlock;
    public int Blocks;

    public readonly void Invoke(int index)
    {
        int h = index / Blocks, i0 = index % Blocks * QueryBlock, i1 = Math.Min(Tq, i0 + QueryBlock);
        float[] scratch = Scratch((i1 - i0) * Math.Max(Tk, Ldk));
        if (QueryBlock <= RowQueries)
        {
            Rows(h, i0, i1, scratch);
        }
        else
        {
            Block(h, i0, i1, scratch);
        }
    }

    /// <summary>Keys visible to query <paramref name="i"/>: all, or up to its own position when causal.</summary>
    private readonly int Visible(int i) => Causal ? Tk - Tq + i + 1 : Tk;

    private readonly void Rows(int h, int i0, int i1, float[] scratch)
    {
        if (i1 - i0 > 1 && !Causal)
        {
            SharedRows(h, i0, i1, scratch);
            return;
        }

        int dk = Cache.HeadDim, width = Cache.Heads * dk;
        ReadOnlySpan<float> keys = Cache.KeyRows(h), values = Cache.Values(h);
        for (int i = i0; i < i1; i++)
        {
            int visible = Visible(i);
            Span<float> p = Weights == null ? scratch.AsSpan(0, Tk) : new Span<float>(Weights + ((((long)h * Tq) + i) * Tk), Tk);
            var q = new ReadOnlySpan<float>(Q + ((long)i * width) + (h * dk), dk);
            Span<float> scores = p[..visible];
            AttentionRows.Scores(q, keys, 1f, scores);
            ScaledSoftmax(scores, i);
            p[visible..].Clear();
            AttentionRows.WeightedSum(scores, values, new Span<float>(Destination + ((long)i * width) + (h * dk), dk));
        }
    }

    /// <summary>
    /// <see cref="Rows"/> for several queries that all see every key (beam search's and best-of-N's hypotheses over
    /// one window's audio): keys and values go a piece of <see cref="SharedPieceBytes"/> at a time, each piece read
    /// from L2 or memory once and from L1 for the other queries, where query by query read each head's rows once per
    /// query. The same multiply-adds in the same order, so the results equal <see cref="Rows"/>' bit for bit. Only the
    /// first query of a piece prefetches: the others find the piece in L1.
    /// </summary>
    private readonly void SharedRows(int h, int i0, int i1, float[] scratch)
    {
        int dk = Cache.HeadDim, width = Cache.Heads * dk;
        int piece = Math.Max(4, (SharedPieceBytes / (dk * sizeof(float))) & ~3);
        ReadOnlySpan<float> keys = Cache.KeyRows(h), values = Cache.Values(h);
        for (int j0 = 0; j0 < Tk; j0 += piece)
        {
            int rows = Math.Min(piece, Tk - j0);
            for (int i = i0; i < i1; i++)
            {
                AttentionRows.Scores(new ReadOnlySpan<float>(Q + ((long)i * width) + (h * dk), dk), keys.Slice(j0 * dk, rows * dk), 1f,
                    Probabilities(h, i, i0, scratch).Slice(j0, rows), prefetch: i == i0);
            }
        }

        for (int i = i0; i < i1; i++)
        {
            ScaledSoftmax(Probabilities(h, i, i0, scratch), i);
        }

        for (int j0 = 0; j0 < Tk; j0 += piece)
        {
            int rows = Math.Min(piece, Tk - j0);
            for (int i = i0; i < i1; i++)
            {
                AttentionRows.WeightedSum(Probabilities(h, i, i0, scratch).Slice(j0, rows), values.Slice(j0 * dk, rows * dk),
                    new Span<float>(Destination + ((long)i * width) + (h * dk), dk), accumulate: j0 > 0, prefetch: i == i0);
            }
        }
    }

    /// <summary>Query <paramref name="i"/>'s scores, then probabilities: in <see cref="Weights"/> when asked for, else in scratch.</summary>
    private readonly Span<float> Probabilities(int h, int i, int i0, float[] scratch) =>
        Weights == null ? scratch.AsSpan((i - i0) * Tk, Tk) : new Span<float>(Weights + ((((long)h * Tq) + i) * Tk), Tk);

    private readonly void Block(int h, int i0, int i1, float[] scratch)
    {
        int dk = Cache.HeadDim, width = Cache.Heads * dk, rows = i1 - i0;
        Span<float> scores = scratch.AsSpan(0, rows * Ldk);
        var q = new ReadOnlySpan<float>(Q + ((long)i0 * width) + (h * dk), ((rows - 1) * width) + dk);
        var keysT = new ReadOnlySpan<float>(KeysT + ((long)h * dk * Ldk), dk * Ldk);
        if (!ValuesInt8.IsEmpty)
        {
            Int8Attention.Attend(Q + ((long)i0 * width) + (h * dk), width, rows, dk, Tk, Scale, KeysInt8, ValuesInt8, h,
                Destination + ((long)i0 * width) + (h * dk), width);
            return;
        }

        if (!KeysInt8.IsEmpty)
        {
            fixed (float* ps = scores)
            {
                Int8Attention.Scores(Q + ((long)i0 * width) + (h * dk), width, rows, dk, Tk, KeysInt8, h, ps, Ldk);
            }
        }
        else if (Direct)
        {
            fixed (float* ps = scores)
            {
                AttentionGemm.Multiply(Q + ((long)i0 * width) + (h * dk), width, rows, dk, KeysT + ((long)h * dk * Ldk), Ldk, Ldk, ps, Ldk);
            }
        }
        else
        {
            MatMul.Multiply(q, width, rows, dk, keysT, Ldk, Ldk, scores, Ldk, accumulate: false, Serial);
        }

        for (int r = 0; r < rows; r++)
        {
            Span<float> row = scores.Slice(r * Ldk, Tk);
            int visible = Visible(i0 + r);
            ScaledSoftmax(row[..visible], i0 + r);
            row[visible..].Clear();
            if (Weights != null)
            {
                row.CopyTo(new Span<float>(Weights + ((((long)h * Tq) + i0 + r) * Tk), Tk));
            }
        }

        var destination = new Span<float>(Destination + ((long)i0 * width) + (h * dk), ((rows - 1) * width) + dk);
        if (Direct)
        {
            fixed (float* ps = scores, pv = Cache.Values(h))
            {
                AttentionGemm.Multiply(ps, Ldk, rows, Tk, pv, dk, dk, Destination + ((long)i0 * width) + (h * dk), width);
            }
        }
        else
        {
            MatMul.Multiply(scores, Ldk, rows, Tk, Cache.Values(h), dk, dk, destination, width, accumulate: false, Serial);
        }
    }

    /// <summary>softmax(scale · s + mask) over the visible scores of query <paramref name="i"/>.</summary>
    private readonly void ScaledSoftmax(Span<float> scores, int i)
    {
        if (Mask == null)
        {
            AttentionRows.Softmax(scores, Scale);
            return;
        }

        TensorPrimitives.Multiply(scores, Scale, scores);
        TensorPrimitives.Add(scores, new ReadOnlySpan<float>(Mask + ((long)i * Tk), scores.Length), scores);
        AttentionRows.Softmax(scores, 1f);
    }

    private static float[] Scratch(int length)
    {
        float[]? buffer = t_scores;
        if (buffer is null || buffer.Length < length)
        {
            buffer = new float[Math.Max(length, 4096)];
            t_scores = buffer;
        }

        return buffer;
    }
}
