using System.Buffers;
using System.Numerics.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Multi-head scaled dot-product attention, as openai-whisper's <c>MultiHeadAttention.qkv_attention</c>
/// (and <c>F.scaled_dot_product_attention</c>): per head, softmax(Q·Kᵀ / √d_k + mask) · V. The two
/// products go through <see cref="MatMul"/>; the softmax is <see cref="Softmax"/>.
/// </summary>
internal static class Attention
{
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

        float[] rented = ArrayPool<float>.Shared.Rent((2 * tq * dk) + (tq * tk));
        try
        {
            Span<float> qh = rented.AsSpan(0, tq * dk);
            Span<float> oh = rented.AsSpan(tq * dk, tq * dk);
            Span<float> scores = rented.AsSpan(2 * tq * dk, tq * tk);
            for (int h = 0; h < heads; h++)
            {
                Gather(q, tq, width, h * dk, qh);
                MatMul.MultiplyTransposed(qh, tq, cache.Keys(h), scores);
                ScaleAndMask(scores, tq, tk, 1f / MathF.Sqrt(dk), mask, causal);
                Softmax.Apply(scores, tk, scores);
                if (!weights.IsEmpty)
                {
                    scores.CopyTo(weights.Slice(h * tq * tk, tq * tk));
                }

                MatMul.Multiply(scores, tq, tk, cache.Values(h), dk, oh);
                Scatter(oh, tq, width, h * dk, destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
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

    private static void ScaleAndMask(Span<float> scores, int tq, int tk, float scale, ReadOnlySpan<float> mask, bool causal)
    {
        TensorPrimitives.Multiply(scores, scale, scores);
        if (!mask.IsEmpty)
        {
            TensorPrimitives.Add(scores, mask, scores);
        }

        if (causal)
        {
            for (int i = 0; i < tq; i++)
            {
                int visible = Math.Min(tk, tk - tq + i + 1);
                scores.Slice((i * tk) + visible, tk - visible).Fill(float.NegativeInfinity);
            }
        }
    }

    private static void Gather(ReadOnlySpan<float> x, int rows, int width, int offset, Span<float> head)
    {
        int dk = head.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            x.Slice((r * width) + offset, dk).CopyTo(head.Slice(r * dk, dk));
        }
    }

    private static void Scatter(ReadOnlySpan<float> head, int rows, int width, int offset, Span<float> x)
    {
        int dk = head.Length / rows;
        for (int r = 0; r < rows; r++)
        {
            head.Slice(r * dk, dk).CopyTo(x.Slice((r * width) + offset, dk));
        }
    }
}
