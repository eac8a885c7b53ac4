using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Two to <see cref="MaxStreamedRows"/> rows of A (beam search, best-of-N): each pass reads four weight rows and
/// multiplies them with up to six rows of A at a time (24 accumulators, so five hypotheses convert each weight vector
/// once); seven or eight rows of A take two passes of two weight rows each (Gemv.MultiRowWide.cs), so the weights
/// stream from memory once and are converted once.
/// </summary>
internal static unsafe partial class Gemv
{
    private interface IRowCount
    {
        static abstract int Count { get; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiRow512<TDecoder>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        int rowBytes = task.Weights.RowBytes;
        nint ahead = PrefetchBytes;
        int j = j0;
        float* packed = null;
        if (task.M >= MinPairPassRows)
        {
            packed = GemmScratch.Get(task.M * (task.K & ~15));
            PackRows(task, packed);
        }

        PrefetchHead(task.W, j0, j1, rowBytes, PrefetchRows(rowBytes));
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes);
            if (packed != null)
            {
                PairPasses<TDecoder>(task, packed, w0, j, ahead);
                continue;
            }

            for (int r0 = 0; r0 < task.M; r0 += 6)
            {
                switch (task.M - r0)
                {
                    case 1:
                        Pass<TDecoder, One>(task, w0, r0, j, ahead);
                        break;
                    case 2:
                        Pass<TDecoder, Two>(task, w0, r0, j, ahead);
                        break;
                    case 3:
                        Pass<TDecoder, Three>(task, w0, r0, j, ahead);
                        break;
                    case 4:
                        Pass<TDecoder, Four>(task, w0, r0, j, ahead);
                        break;
                    case 5:
                        Pass<TDecoder, Five>(task, w0, r0, j, ahead);
                        break;
                    default:
                        Pass<TDecoder, Six>(task, w0, r0, j, ahead);
                        break;
                }
            }
        }

        LeftoverRows<TDecoder>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>Weight rows j..j+3 (at <paramref name="w0"/>) as two <see cref="PairPass{TDecoder, TRows}"/>.</summary>
    private static void PairPasses<TDecoder>(in GemmTask task, float* packed, byte* w0, int j, nint ahead)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        byte* w2 = w0 + (2 * task.Weights.RowBytes);
        if (task.M == 7)
        {
            PairPass<TDecoder, Seven>(task, packed, w0, j, ahead);
            PairPass<TDecoder, Seven>(task, packed, w2, j + 2, ahead);
        }
        else
        {
            PairPass<TDecoder, Eight>(task, packed, w0, j, ahead);
            PairPass<TDecoder, Eight>(task, packed, w2, j + 2, ahead);
        }
    }

    /// <summary>
    /// Weight rows j..j+3 (at <paramref name="w0"/>) times A rows r0..r0+TRows−1, added to C, prefetching
    /// <paramref name="prefetchBytes"/> ahead as the four rows' run goes (again for a second group of A rows, from cache).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass<TDecoder, TRows>(in GemmTask task, byte* w0, int r0, int j, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TRows : struct, IRowCount
    {
        int k = task.K, rowBytes = task.Weights.RowBytes, whole = k & ~15;
        nint lda = task.Lda;
        byte* w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
        float* a0 = task.A + (r0 * lda), a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        Vector512<float> c00 = default; Vector512<float> c10 = default; Vector512<float> c20 = default; Vector512<float> c30 = default;
        Vector512<float> c01 = default; Vector512<float> c11 = default; Vector512<float> c21 = default; Vector512<float> c31 = default;
        Vector512<float> c02 = default; Vector512<float> c12 = default; Vector512<float> c22 = default; Vector512<float> c32 = default;
        Vector512<float> c03 = default; Vector512<float> c13 = default; Vector512<float> c23 = default; Vector512<float> c33 = default;
        Vector512<float> c04 = default; Vector512<float> c14 = default; Vector512<float> c24 = default; Vector512<float> c34 = default;
        Vector512<float> c05 = default; Vector512<float> c15 = default; Vector512<float> c25 = default; Vector512<float> c35 = default;
        byte* ahead = w0 + prefetchBytes;
        for (int p = 0; p < whole; p += 16)
        {
            // The four rows are one run: 4 × 16 values of it an iteration.
            PrefetchSweep(ahead + (4 * StoredBytes<TDecoder>(p)), 4 * StoredBytes<TDecoder>(16));
            Vector512<float> x0 = TDecoder.Load512(w0, p), x1 = TDecoder.Load512(w1, p);
            Vector512<float> x2 = TDecoder.Load512(w2, p), x3 = TDecoder.Load512(w3, p);
            Vector512<float> v0 = Vector512.Load(a0 + p);
            c00 = Vector512.FusedMultiplyAdd(x0, v0, c00);
            c10 = Vector512.FusedMultiplyAdd(x1, v0, c10);
            c20 = Vector512.FusedMultiplyAdd(x2, v0, c20);
            c30 = Vector512.FusedMultiplyAdd(x3, v0, c30);

            if (TRows.Count > 1)
            {
                Vector512<float> v1 = Vector512.Load(a1 + p);
                c01 = Vector512.FusedMultiplyAdd(x0, v1, c01);
                c11 = Vector512.FusedMultiplyAdd(x1, v1, c11);
                c21 = Vector512.FusedMultiplyAdd(x2, v1, c21);
                c31 = Vector512.FusedMultiplyAdd(x3, v1, c31);
            }

            if (TRows.Count > 2)
            {
                Vector512<float> v2 = Vector512.Load(a2 + p);
                c02 = Vector512.FusedMultiplyAdd(x0, v2, c02);
                c12 = Vector512.FusedMultiplyAdd(x1, v2, c12);
                c22 = Vector512.FusedMultiplyAdd(x2, v2, c22);
                c32 = Vector512.FusedMultiplyAdd(x3, v2, c32);
            }

            if (TRows.Count > 3)
            {
                Vector512<float> v3 = Vector512.Load(a3 + p);
                c03 = Vector512.FusedMultiplyAdd(x0, v3, c03);
                c13 = Vector512.FusedMultiplyAdd(x1, v3, c13);
                c23 = Vector512.FusedMultiplyAdd(x2, v3, c23);
                c33 = Vector512.FusedMultiplyAdd(x3, v3, c33);
            }

            if (TRows.Count > 4)
            {
                Vector512<float> v4 = Vector512.Load(a4 + p);
                c04 = Vector512.FusedMultiplyAdd(x0, v4, c04);
                c14 = Vector512.FusedMultiplyAdd(x1, v4, c14);
                c24 = Vector512.FusedMultiplyAdd(x2, v4, c24);
                c34 = Vector512.FusedMultiplyAdd(x3, v4, c34);
            }

            if (TRows.Count > 5)
            {
                Vector512<float> v5 = Vector512.Load(a5 + p);
                c05 = Vector512.FusedMultiplyAdd(x0, v5, c05);
                c15 = Vector512.FusedMultiplyAdd(x1, v5, c15);
                c25 = Vector512.FusedMultiplyAdd(x2, v5, c25);
                c35 = Vector512.FusedMultiplyAdd(x3, v5, c35);
            }
        }

        // Every horizontal sum before any tail: a call with an accumulator live across it would make the JIT spill it.
        // Sum4 gives each row of A its four outputs, contiguous in C, in Vector512.Sum's order.
        float* c = task.C + (r0 * task.Ldc) + j;
        Finish(c, Vector512Ops.Sum4(c00, c10, c20, c30));

        if (TRows.Count > 1)
        {
            Finish(c + (1 * task.Ldc), Vector512Ops.Sum4(c01, c11, c21, c31));
        }

        if (TRows.Count > 2)
        {
            Finish(c + (2 * task.Ldc), Vector512Ops.Sum4(c02, c12, c22, c32));
        }

        if (TRows.Count > 3)
        {
            Finish(c + (3 * task.Ldc), Vector512Ops.Sum4(c03, c13, c23, c33));
        }

        if (TRows.Count > 4)
        {
            Finish(c + (4 * task.Ldc), Vector512Ops.Sum4(c04, c14, c24, c34));
        }

        if (TRows.Count > 5)
        {
            Finish(c + (5 * task.Ldc), Vector512Ops.Sum4(c05, c15, c25, c35));
        }

        if (whole < k)
        {
            for (int r = 0; r < TRows.Count; r++)
            {
                float* a = task.A + ((r0 + r) * lda);
                float* cr = c + (r * task.Ldc);
                cr[0] += Tail<TDecoder>(w0, a, whole, k);
                cr[1] += Tail<TDecoder>(w1, a, whole, k);
                cr[2] += Tail<TDecoder>(w2, a, whole, k);
                cr[3] += Tail<TDecoder>(w3, a, whole, k);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish(float* c, Vector128<float> sums) => (Vector128.Load(c) + sums).Store(c);

    private readonly struct One : IRowCount
    {
        public static int Count => 1;
    }

    private readonly struct Two : IRowCount
    {
        public static int Count => 2;
    }

    private readonly struct Three : IRowCount
    {
        public static int Count => 3;
    }

    private readonly struct Four : IRowCount
    {
        public static int Count => 4;
    }

    private readonly struct Five : IRowCount
    {
        public static int Count => 5;
    }

    private readonly struct Six : IRowCount
    {
        public static int Count => 6;
    }
}
