using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The Vector256 twin of <see cref="MultiRow512"/>. AVX2 has 16 registers, not 32, so a pass takes two weight rows
/// (not four) against up to five rows of A (ten accumulators): beam search's and best-of-N's five hypotheses still
/// convert each weight vector once and read the weights from memory once.
/// </summary>
internal static unsafe partial class Gemv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiRow256<TDecoder>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        int rowBytes = task.Weights.RowBytes;
        nint ahead = PrefetchBytes;
        int j = j0;
        PrefetchHead(task.W, j0, j1, rowBytes, PrefetchRows(rowBytes));
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes);
            for (int pair = 0; pair < 4; pair += 2)
            {
                for (int r0 = 0; r0 < task.M; r0 += 5)
                {
                    switch (task.M - r0)
                    {
                        case 1:
                            Pass256<TDecoder, One>(task, w0 + (pair * rowBytes), r0, j + pair, ahead);
                            break;
                        case 2:
                            Pass256<TDecoder, Two>(task, w0 + (pair * rowBytes), r0, j + pair, ahead);
                            break;
                        case 3:
                            Pass256<TDecoder, Three>(task, w0 + (pair * rowBytes), r0, j + pair, ahead);
                            break;
                        case 4:
                            Pass256<TDecoder, Four>(task, w0 + (pair * rowBytes), r0, j + pair, ahead);
                            break;
                        default:
                            Pass256<TDecoder, Five>(task, w0 + (pair * rowBytes), r0, j + pair, ahead);
                            break;
                    }
                }
            }
        }

        LeftoverRows<TDecoder>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>
    /// Weight rows j, j+1 (at <paramref name="w0"/>) times A rows r0..r0+TRows−1, added to C, prefetching
    /// <paramref name="prefetchBytes"/> ahead as the two rows' run goes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass256<TDecoder, TRows>(in GemmTask task, byte* w0, int r0, int j, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TRows : struct, IRowCount
    {
        // The vector loop covers columns [0, K & ~15), as RowDecoders.IDecoder.Correct expects.
        int k = task.K, whole = k & ~15;
        nint lda = task.Lda;
        byte* w1 = w0 + task.Weights.RowBytes;
        float* a0 = task.A + (r0 * lda), a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda;
        Vector256<float> c00 = default, c10 = default, c01 = default, c11 = default, c02 = default;
        Vector256<float> c12 = default, c03 = default, c13 = default, c04 = default, c14 = default;
        byte* ahead = w0 + prefetchBytes;
        for (int p = 0; p < whole; p += 8)
        {
            PrefetchSweep(ahead + (2 * StoredBytes<TDecoder>(p)), 2 * StoredBytes<TDecoder>(8));
            Vector256<float> x0 = TDecoder.Load256(w0, p), x1 = TDecoder.Load256(w1, p);
            Vector256<float> v0 = Vector256.Load(a0 + p);
            c00 = Vector256.FusedMultiplyAdd(x0, v0, c00);
            c10 = Vector256.FusedMultiplyAdd(x1, v0, c10);
            if (TRows.Count > 1)
            {
                Vector256<float> v1 = Vector256.Load(a1 + p);
                c01 = Vector256.FusedMultiplyAdd(x0, v1, c01);
                c11 = Vector256.FusedMultiplyAdd(x1, v1, c11);
            }

            if (TRows.Count > 2)
            {
                Vector256<float> v2 = Vector256.Load(a2 + p);
                c02 = Vector256.FusedMultiplyAdd(x0, v2, c02);
                c12 = Vector256.FusedMultiplyAdd(x1, v2, c12);
            }

            if (TRows.Count > 3)
            {
                Vector256<float> v3 = Vector256.Load(a3 + p);
                c03 = Vector256.FusedMultiplyAdd(x0, v3, c03);
                c13 = Vector256.FusedMultiplyAdd(x1, v3, c13);
            }

            if (TRows.Count > 4)
            {
                Vector256<float> v4 = Vector256.Load(a4 + p);
                c04 = Vector256.FusedMultiplyAdd(x0, v4, c04);
                c14 = Vector256.FusedMultiplyAdd(x1, v4, c14);
            }
        }

        // Every horizontal sum before any tail, as Pass (a call would make the JIT spill the accumulators).
        float* c = task.C + (r0 * task.Ldc) + j;
        Finish2(c, Vector256Ops.Sum(c00), Vector256Ops.Sum(c10));
        if (TRows.Count > 1)
        {
            Finish2(c + task.Ldc, Vector256Ops.Sum(c01), Vector256Ops.Sum(c11));
        }

        if (TRows.Count > 2)
        {
            Finish2(c + (2 * task.Ldc), Vector256Ops.Sum(c02), Vector256Ops.Sum(c12));
        }

        if (TRows.Count > 3)
        {
            Finish2(c + (3 * task.Ldc), Vector256Ops.Sum(c03), Vector256Ops.Sum(c13));
        }

        if (TRows.Count > 4)
        {
            Finish2(c + (4 * task.Ldc), Vector256Ops.Sum(c04), Vector256Ops.Sum(c14));
        }

        if (whole < k)
        {
            for (int r = 0; r < TRows.Count; r++)
            {
                float* a = task.A + ((r0 + r) * lda);
                float* cr = c + (r * task.Ldc);
                cr[0] += Tail<TDecoder>(w0, a, whole, k);
                cr[1] += Tail<TDecoder>(w1, a, whole, k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish2(float* c, float first, float second)
    {
        c[0] += first;
        c[1] += second;
    }
}
