using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;
using Kernels = Warble.Tensors.Kernels;

namespace Warble.Models.Parakeet;

/// <summary>
/// Sliding-window Transformer-XL attention, the scores and weighted values of NeMo
/// <c>RelPositionMultiHeadAttentionLongformer.forward</c> (global_tokens 0): query i attends to the keys
/// [i − left, i + right] that are below the valid length, with score ((q + u)·kⱼ + (q + v)·p(i − j)) / √dk. The
/// T×T score matrix is never formed: per head, blocks of <see cref="BlockRows"/> queries multiply their key span and
/// the left + right + 1 positions as two GEMMs, the band of each row is softmaxed and everything off the band zeroed,
/// and P·V is a third GEMM. Scratch and work grow linearly with the length (see <see cref="RelPositionLocalAttentionScratch"/>).
/// </summary>
/// <remarks>
/// NeMo computes the same band with Longformer's overlapping chunks of 2w (w = max(left, right)), the time padded to a
/// multiple of 2w; off-band and padded keys get −10000 (or −inf beyond the ends), whose softmax weight is exactly 0 in
/// float32, and padded queries a zero row. For left = right (every context NeMo's docs and
/// <c>change_attention_model</c> use) it adds diagonal_matrix_bd at the relative position i − j, as here; for
/// left ≠ right its two slice additions put the position terms of one side on other columns, which this kernel does not
/// copy: it keeps the Transformer-XL position i − j on both sides.
/// </remarks>
internal static class RelPositionLocalAttention
{
    /// <summary>Query rows per block: a multiple of every register tile height (12, 6, 4).</summary>
    internal const int BlockRows = 48;

    /// <param name="q">[frames, heads·dk], as are <paramref name="k"/>, <paramref name="v"/> and <paramref name="output"/>.</param>
    /// <param name="p">[ClampedTo(frames).Positions, heads·dk]: linear_pos(pos_emb), row r = relative position ClampedTo(frames).Left − r.</param>
    /// <param name="biasU">[heads, dk] pos_bias_u, as is <paramref name="biasV"/> (pos_bias_v).</param>
    public static void Apply(float[] q, float[] k, float[] v, float[] p, float[] biasU, float[] biasV, int frames, int valid, int heads,
        AttContextSize context, RelPositionLocalAttentionScratch scratch, float[] output)
    {
        int d = biasU.Length;
        output.AsSpan(0, frames * d).Clear();
        if (valid == 0)
        {
            return;
        }

        if (scratch.Heads < heads || scratch.HeadDim != d / heads || !scratch.Fits(valid, context))
        {
            throw new ArgumentException($"local attention scratch for {scratch.Heads} heads of {scratch.HeadDim} is too small for {valid} frames with context {context}");
        }

        int firstPosition = context.ClampedTo(frames).Left - context.ClampedTo(valid).Left;
        WorkerPool.Shared.For(heads, new HeadAction(q, k, v, p.AsMemory(firstPosition * d), biasU, biasV, valid, d / heads, context.ClampedTo(valid),
            scratch, output));
    }

    private readonly struct HeadAction(float[] q, float[] k, float[] v, ReadOnlyMemory<float> p, float[] biasU, float[] biasV, int n, int dk,
        AttContextSize band, RelPositionLocalAttentionScratch scratch, float[] output) : IRangeAction
    {
        public void Invoke(int index) => Head(index);

        private void Head(int h)
        {
            int d = biasU.Length, positions = band.Positions;
            RelPositionLocalAttentionScratch.Views views = scratch.ForHead(h, n, band);
            RelPositionAttention.Transpose(k.AsSpan(h * dk), d, n, dk, views.KeysT, n);
            RelPositionAttention.Transpose(p.Span[(h * dk)..], d, positions, dk, views.PositionsT, positions);
            for (int i0 = 0; i0 < n; i0 += BlockRows)
            {
                Block(h, i0, Math.Min(BlockRows, n - i0), views);
            }
        }

        /// <summary>Queries [i0, i0 + rows) against keys [first, last], their union of bands.</summary>
        private void Block(int h, int i0, int rows, RelPositionLocalAttentionScratch.Views views)
        {
            int d = biasU.Length, positions = band.Positions;
            int first = Math.Max(0, i0 - band.Left), width = Math.Min(n - 1, i0 + rows - 1 + band.Right) - first + 1;
            ReadOnlySpan<float> u = biasU.AsSpan(h * dk, dk), w = biasV.AsSpan(h * dk, dk);
            for (int r = 0; r < rows; r++)
            {
                ReadOnlySpan<float> qi = q.AsSpan(((i0 + r) * d) + (h * dk), dk);
                TensorPrimitives.Add(qi, u, views.QueryU.Slice(r * dk, dk));
                TensorPrimitives.Add(qi, w, views.QueryV.Slice(r * dk, dk));
            }

            Span<float> scores = views.Scores[..(rows * width)], bd = views.PositionScores[..(rows * positions)];
            MatMul.Multiply(views.QueryU, dk, rows, dk, views.KeysT[first..], n, width, scores, width, accumulate: false, GemmSettings.Default);
            MatMul.Multiply(views.QueryV, dk, rows, dk, views.PositionsT, positions, positions, bd, positions, accumulate: false, GemmSettings.Default);
            float scale = 1f / MathF.Sqrt(dk);
            for (int r = 0; r < rows; r++)
            {
                // Key j of query i reads position column j − i + left (relative position i − j).
                int i = i0 + r, lo = Math.Max(0, i - band.Left), count = Math.Min(n - 1, i + band.Right) - lo + 1;
                Span<float> row = scores.Slice(r * width, width), inBand = row.Slice(lo - first, count);
                TensorPrimitives.Add(inBand, bd.Slice((r * positions) + (lo - i + band.Left), count), inBand);
                Kernels.AttentionRows.Softmax(inBand, scale);
                row[..(lo - first)].Clear();
                row[(lo - first + count)..].Clear();
            }

            MatMul.Multiply(scores, width, rows, width, v.AsSpan((first * d) + (h * dk)), d, dk, output.AsSpan((i0 * d) + (h * dk)), d,
                accumulate: false, GemmSettings.Default);
        }
    }

    /// <summary>
    /// Scalar definition of <see cref="Apply"/>: dense attention over all valid keys with every key outside
    /// [i − left, i + right] masked, as NeMo's banded scores and −10000 fill give it.
    /// </summary>
    internal static void ApplyReference(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> p,
        ReadOnlySpan<float> biasU, ReadOnlySpan<float> biasV, int frames, int valid, int heads, AttContextSize context, Span<float> output)
    {
        int d = biasU.Length, dk = d / heads, left = context.ClampedTo(frames).Left;
        double scale = 1.0 / Math.Sqrt(dk);
        var scores = new double[valid];
        output[..(frames * d)].Clear();
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < valid; i++)
            {
                double max = double.NegativeInfinity;
                for (int j = 0; j < valid; j++)
                {
                    scores[j] = double.NegativeInfinity;
                    if (j - i >= -context.Left && j - i <= context.Right)
                    {
                        double score = 0;
                        for (int c = h * dk; c < (h + 1) * dk; c++)
                        {
                            score += ((q[(i * d) + c] + biasU[c]) * (double)k[(j * d) + c]) + ((q[(i * d) + c] + biasV[c]) * (double)p[((left - i + j) * d) + c]);
                        }

                        scores[j] = score * scale;
                        max = Math.Max(max, scores[j]);
                    }
                }

                double sum = scores.Sum(s => Math.Exp(s - max));
                for (int c = h * dk; c < (h + 1) * dk; c++)
                {
                    double value = 0;
                    for (int j = 0; j < valid; j++)
                    {
                        value += Math.Exp(scores[j] - max) / sum * v[(j * d) + c];
                    }

                    output[(i * d) + c] = (float)value;
                }
            }
        }
    }
}
