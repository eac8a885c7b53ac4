using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;
using Kernels = Warble.Tensors.Kernels;

namespace Warble.Models.Parakeet;

/// <summary>
/// The fast form of <see cref="Common.Nn.RelPositionAttentionReference"/> (NeMo <c>RelPositionMultiHeadAttention</c>
/// scores, masked softmax, weighted values), one head per pool iteration: matrix_ac = (q + u)·kᵀ and
/// matrix_bd = (q + v)·pᵀ as GEMMs, NeMo's <c>rel_shift</c> as an index offset when the two are added, the row
/// softmax with the 1/√dk scale folded in (<see cref="Kernels.AttentionRows.Softmax"/>), then P·V as a GEMM into the
/// head's columns. Only the 2·valid − 1 positions the valid keys use are multiplied. Inside an encoder asked for int8
/// (<see cref="Int8Compute.Active"/>) the three products run in int8 instead (<c>RelPositionAttention.Int8.cs</c>).
/// </summary>
internal static partial class RelPositionAttention
{
    /// <param name="q">[frames, heads·dk], as are <paramref name="k"/>, <paramref name="v"/> and <paramref name="output"/>.</param>
    /// <param name="p">[2·frames − 1, heads·dk]: linear_pos(pos_emb), row r = relative position frames − 1 − r.</param>
    /// <param name="biasU">[heads, dk] pos_bias_u, as is <paramref name="biasV"/> (pos_bias_v).</param>
    public static void Apply(float[] q, float[] k, float[] v, float[] p, float[] biasU, float[] biasV, int frames, int valid, int heads,
        RelPositionAttentionScratch scratch, float[] output)
    {
        int d = biasU.Length;
        output.AsSpan(0, frames * d).Clear();
        if (valid == 0)
        {
            return;
        }

        if (scratch.Heads < heads || scratch.MaxFrames < valid || scratch.HeadDim != d / heads)
        {
            throw new ArgumentException($"attention scratch for {scratch.Heads} heads of {scratch.HeadDim} over {scratch.MaxFrames} frames is too small");
        }

        // Read here: the switch is per thread, and the heads run on the pool's.
        bool int8 = Int8Compute.Active;
        WorkerPool.Current.For(heads, new HeadAction(q, k, v, p, biasU, biasV, frames, valid, d / heads, int8, scratch, output));
    }

    /// <summary>Query rows per banded block of the position scores: a multiple of every register tile height (12, 6, 4).</summary>
    private const int BandRows = 96;

    private readonly partial struct HeadAction(float[] q, float[] k, float[] v, float[] p, float[] biasU, float[] biasV, int frames, int valid, int dk,
        bool int8, RelPositionAttentionScratch scratch, float[] output) : IRangeAction
    {
        public void Invoke(int index) => Head(index);

        private void Head(int h)
        {
            int n = valid, d = biasU.Length, positions = (2 * n) - 1, firstPosition = frames - n;
            Span<float> all = scratch.ForHead(h);
            Span<float> qu = all[..(n * dk)], qv = all.Slice(n * dk, n * dk), kT = all.Slice(2 * n * dk, n * dk);
            Span<float> pT = all.Slice(3 * n * dk, dk * positions);
            Span<float> ac = all.Slice((3 * n * dk) + (dk * positions), n * n);
            Span<float> bd = all.Slice((3 * n * dk) + (dk * positions) + (n * n), n * positions);
            ReadOnlySpan<float> u = biasU.AsSpan(h * dk, dk), w = biasV.AsSpan(h * dk, dk);
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> qi = q.AsSpan((i * d) + (h * dk), dk);
                TensorPrimitives.Add(qi, u, qu.Slice(i * dk, dk));
                TensorPrimitives.Add(qi, w, qv.Slice(i * dk, dk));
            }

            if (int8)
            {
                HeadInt8(h, qu, qv, all[(2 * n * dk)..]);
                return;
            }

            Transpose(k.AsSpan(h * dk), d, n, dk, kT, n);
            Transpose(p.AsSpan((firstPosition * d) + (h * dk)), d, positions, dk, pT, positions);

            MatMul.Multiply(qu, n, dk, kT, n, ac);
            PositionScores(qv, pT, n, dk, bd);
            float scale = 1f / MathF.Sqrt(dk);
            for (int i = 0; i < n; i++)
            {
                // rel_shift: key j of query i reads position row frames − 1 − i + j, i.e. column n − 1 − i + j here.
                Span<float> row = ac.Slice(i * n, n);
                TensorPrimitives.Add(row, bd.Slice((i * positions) + (n - 1 - i), n), row);
                Kernels.AttentionRows.Softmax(row, scale);
            }

            MatMul.Multiply(ac, n, n, n, v.AsSpan(h * dk), d, dk, output.AsSpan(h * dk), d, accumulate: false, GemmSettings.Default);
        }

        /// <summary>
        /// bd = qv · pT, but only the band the rel-shift reads: query i needs position columns [n − 1 − i, 2n − 2 − i],
        /// so a block of rows needs n + rows − 1 of the 2n − 1 columns. Blocks of <see cref="BandRows"/> rows skip 44 %
        /// of the full product at 750 frames (the rest of bd is left unwritten).
        /// </summary>
        private static void PositionScores(ReadOnlySpan<float> qv, ReadOnlySpan<float> pT, int n, int dk, Span<float> bd)
        {
            int positions = (2 * n) - 1;
            for (int i0 = 0; i0 < n; i0 += BandRows)
            {
                int rows = Math.Min(BandRows, n - i0), first = n - i0 - rows, width = n + rows - 1;
                MatMul.Multiply(qv[(i0 * dk)..], dk, rows, dk, pT[first..], positions, width,
                    bd[((i0 * positions) + first)..], positions, accumulate: false, GemmSettings.Default);
            }
        }
    }

    /// <summary>The head's [rows, dk] slice of a [rows, d] matrix as [dk, rows] (row stride <paramref name="ldd"/>).</summary>
    internal static unsafe void Transpose(ReadOnlySpan<float> source, int lds, int rows, int dk, Span<float> destination, int ldd)
    {
        if (source.Length < ((rows - 1) * lds) + dk || destination.Length < ((dk - 1) * ldd) + rows)
        {
            throw new ArgumentException("attention transpose out of range");
        }

        fixed (float* s = source, t = destination)
        {
            PanelTranspose.Run(s, lds, rows, dk, t, ldd);
        }
    }
}
