using System.Buffers;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Multi-head scaled dot-product attention, as openai-whisper's <c>MultiHeadAttention.qkv_attention</c>
/// (and <c>F.scaled_dot_product_attention</c>): per head, softmax(Q·Kᵀ / √d_k + mask) · V. Heads and blocks of
/// queries run in parallel on the <see cref="WorkerPool"/> (<see cref="AttentionTask"/>): a few queries (decoding)
/// take direct dot products over the cached rows, many (the encoder) take the blocked GEMM, in int8 inside an encoder
/// asked to (<see cref="Int8Compute.Active"/>; <c>Attention.Int8.cs</c>).
/// </summary>
internal static unsafe partial class Attention
{
    /// <summary>Below this many multiply-adds (Q·Kᵀ over all heads) the heads run on the calling thread.</summary>
    private const long ParallelWork = 1 << 16;

    /// <summary>Attention of <paramref name="q"/> over every row held in <paramref name="cache"/>.</summary>
    /// <param name="q">[T_q, H·d_k] row-major.</param>
    /// <param name="cache">Keys and values, T_k = cache.Length rows.</param>
    /// <param name="mask">Empty, or an additive [T_q, T_k] mask.</param>
    /// <param name="causal">Query i (at absolute position T_k − T_q + i) sees only keys up to that position.</param>
    /// <param name="destination">[T_q, H·d_k].</param>
    /// <param name="weights">Empty, or [H, T_q, T_k] to receive the attention probabilities (word timestamps use the cross-attention ones).</param>
    public static void Apply(ReadOnlySpan<float> q, KeyValueCache cache, ReadOnlySpan<float> mask, bool causal, Span<float> destination, Span<float> weights = default)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int dk = cache.HeadDim, heads = cache.Heads, width = heads * dk, tk = cache.Length;
        int tq = Check(q, heads, width, tk, mask, destination, weights);
        if (causal && tq > tk)
        {
            ThrowHelper.ThrowArgument($"causal attention of {tq} queries over {tk} keys would leave a query with no key");
        }

        if (tq == 0)
        {
            return;
        }

        int queryBlock = tq <= AttentionTask.RowQueries ? tq : AttentionTask.BlockQueries;
        int ldk = (tk + 15) & ~15;
        bool blocked = tq > AttentionTask.RowQueries, int8 = blocked && Int8Compute.Active;
        float[]? keysT = blocked && !int8 ? ArrayPool<float>.Shared.Rent(heads * dk * ldk) : null;
        byte[]? quantised = int8 ? ArrayPool<byte>.Shared.Rent(Int8Bytes(heads, dk, tk)) : null;
        try
        {
            if (keysT is not null)
            {
                TransposeKeys(cache, ldk, keysT);
            }

            fixed (float* pq = q, pd = destination, pm = mask, pw = weights, pkt = keysT)
            fixed (byte* p8 = quantised)
            {
                var task = new AttentionTask
                {
                    Q = pq, Destination = pd, Mask = mask.IsEmpty ? null : pm, Weights = weights.IsEmpty ? null : pw, KeysT = pkt,
                    Cache = cache, Tq = tq, Tk = tk, Ldk = ldk, Causal = causal, Scale = 1f / MathF.Sqrt(dk), QueryBlock = queryBlock,
                    Blocks = (tq + queryBlock - 1) / queryBlock,
                };
                if (int8)
                {
                    QuantizeInt8(cache, p8, ref task);
                }

                Run(task, heads * task.Blocks, (long)tq * tk * width);
            }
        }
        finally
        {
            if (keysT is not null)
            {
                ArrayPool<float>.Shared.Return(keysT);
            }

            if (quantised is not null)
            {
                ArrayPool<byte>.Shared.Return(quantised);
            }
        }
    }

    private static void Run(in AttentionTask task, int tasks, long work)
    {
        if (work < ParallelWork || tasks == 1)
        {
            for (int i = 0; i < tasks; i++)
            {
                task.Invoke(i);
            }
        }
        else
        {
            WorkerPool.Current.For(tasks, task);
        }
    }

    /// <summary>Kᵀ per head ([H, d_k, ldk], zero past T_k) so that Q·Kᵀ reads whole vectors of keys along its rows.</summary>
    private static void TransposeKeys(KeyValueCache cache, int ldk, float[] keysT)
    {
        int dk = cache.HeadDim, tk = cache.Length;
        keysT.AsSpan(0, cache.Heads * dk * ldk).Clear();
        for (int h = 0; h < cache.Heads; h++)
        {
            ReadOnlySpan<float> keys = cache.KeyRows(h);
            Span<float> t = keysT.AsSpan(h * dk * ldk, dk * ldk);
            for (int j = 0; j < tk; j++)
            {
                for (int d = 0; d < dk; d++)
                {
                    t[(d * ldk) + j] = keys[(j * dk) + d];
                }
            }
        }
    }

    /// <summary>Attention over keys and values given as spans (encoder self-attention); copies them into a temporary cache.</summary>
    /// <param name="q">[T_q, H·d_k].</param>
    /// <param name="k">[T_k, H·d_k].</param>
    /// <param name="v">[T_k, H·d_k].</param>
    /// <param name="heads">H.</param>
    /// <param name="headDim">d_k.</param>
    /// <param name="mask">Empty, or an additive [T_q, T_k] mask.</param>
    /// <param name="causal">See the cache overload.</param>
    /// <param name="destination">[T_q, H·d_k].</param>
    /// <param name="weights">Empty, or [H, T_q, T_k].</param>
    public static void Apply(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, int heads, int headDim, ReadOnlySpan<float> mask, bool causal, Span<float> destination, Span<float> weights = default)
    {
        int tk = KeyRows(k, v, heads, headDim);
        var cache = new KeyValueCache(heads, headDim, Math.Max(tk, 1));
        cache.Append(k, v);
        Apply(q, cache, mask, causal, destination, weights);
    }

    /// <summary>Scalar definition over spans with double accumulators.</summary>
    internal static void Reference(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, int heads, int headDim, ReadOnlySpan<float> mask, bool causal, Span<float> destination, Span<float> weights = default)
    {
        int width = heads * headDim, dk = headDim, tk = KeyRows(k, v, heads, headDim);
        int tq = Check(q, heads, width, tk, mask, destination, weights);
        double scale = 1 / Math.Sqrt(dk);
        var p = new double[tk];
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < tq; i++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int j = 0; j < tk; j++)
                {
                    double dot = 0;
                    for (int d = 0; d < dk; d++)
                    {
                        dot += (double)q[(i * width) + (h * dk) + d] * k[(j * width) + (h * dk) + d];
                    }

                    bool hidden = causal && j > tk - tq + i;
                    p[j] = hidden ? double.NegativeInfinity : (dot * scale) + (mask.IsEmpty ? 0 : mask[(i * tk) + j]);
                    max = Math.Max(max, p[j]);
                }

                for (int j = 0; j < tk; j++)
                {
                    p[j] = Math.Exp(p[j] - max);
                    sum += p[j];
                }

                for (int j = 0; j < tk; j++)
                {
                    p[j] /= sum;
                    if (!weights.IsEmpty)
                    {
                        weights[(((h * tq) + i) * tk) + j] = (float)p[j];
                    }
                }

                for (int d = 0; d < dk; d++)
                {
                    double acc = 0;
                    for (int j = 0; j < tk; j++)
                    {
                        acc += p[j] * v[(j * width) + (h * dk) + d];
                    }

                    destination[(i * width) + (h * dk) + d] = (float)acc;
                }
            }
        }
    }

    private static int KeyRows(ReadOnlySpan<float> k, ReadOnlySpan<float> v, int heads, int headDim)
    {
        ThrowHelper.CheckPositive(heads, nameof(heads));
        ThrowHelper.CheckPositive(headDim, nameof(headDim));
        int width = heads * headDim;
        if (k.Length % width != 0 || v.Length != k.Length)
        {
            ThrowHelper.ThrowArgument($"keys of {k.Length} and values of {v.Length} values are not equal whole rows of {width}");
        }

        return k.Length / width;
    }

    private static int Check(ReadOnlySpan<float> q, int heads, int width, int tk, ReadOnlySpan<float> mask, Span<float> destination, Span<float> weights)
    {
        if (q.Length % width != 0)
        {
            ThrowHelper.ThrowArgument($"queries of {q.Length} values are not whole rows of {width}");
        }

        int tq = q.Length / width;
        if (tq > 0 && tk == 0)
        {
            ThrowHelper.ThrowArgument("attention over an empty key/value cache");
        }

        ThrowHelper.CheckLength(destination.Length, q.Length, nameof(destination));
        if (!mask.IsEmpty)
        {
            ThrowHelper.CheckExactLength(mask.Length, (long)tq * tk, nameof(mask));
        }

        if (!weights.IsEmpty)
        {
            ThrowHelper.CheckLength(weights.Length, (long)heads * tq * tk, nameof(weights));
        }

        return tq;
    }
}
