using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// A batch of transducer decoders: seven or eight rows of A on the Vector512 path, six to eight on Vector256
/// (<see cref="WidePass{TDecoder, TRows}"/>, one weight row against them all). On Vector512, passes of two weight rows against
/// every row of A (16 accumulators), so each weight vector is converted once for the whole batch. Four weight rows
/// against six rows of A and then the same four against the last two converted every vector twice; with f16 weights
/// the conversion takes as many port-0/5 operations as four FMAs, and eight rows ran 1.5× as long as six. Each output
/// is one FMA chain over k summed by <see cref="Vector512Ops.Sum4"/>, as in <see cref="Pass{TDecoder, TWidth, TVector, TRows}"/>: a row's
/// bits do not depend on how many rows of A come with it.
/// </summary>
internal static unsafe partial class Gemv
{
    /// <summary>Rows of A from which <see cref="MultiRow{TDecoder, TWidth, TVector}"/> takes <see cref="PairPass{TDecoder, TRows}"/>.</summary>
    private const int MinPairPassRows = 7;

    /// <summary>Rows of A from which the Vector256 path takes <see cref="WidePass{TDecoder, TRows}"/>.</summary>
    private const int MinWidePassRows = 6;

    /// <summary>Floats per column of <see cref="GemmTask.AColumns"/>: <see cref="MaxStreamedRows"/>, one vector.</summary>
    internal const int ColumnRows = MaxStreamedRows;

    /// <summary>
    /// Packs A for <see cref="PairPass{TDecoder, TRows}"/> and <see cref="WidePass{TDecoder, TRows}"/> (<see cref="GemmTask.APacked"/>) and by columns for
    /// <see cref="RowDecoders.F16Rebiased"/>'s corrections (<see cref="GemmTask.AColumns"/>), once per product on the
    /// calling thread, where the product takes them; every pool chunk packing its own copy cost as much as the
    /// corrections it sped up.
    /// </summary>
    private static void PrepareRows(ref GemmTask task)
    {
        bool packs = task.M >= (task.Path == GemmPath.Vector512 ? MinPairPassRows : MinWidePassRows) && StreamsRows(task.Path, task.Weights.Type, task.M);
        bool columns = task.M > 1 && task.ZeroExponentRowStarts != null;
        bool pairs = columns && UsesColumnPairs(task);
        if (!packs && !columns)
        {
            return;
        }

        int whole = task.K & ~15;
        float* shared = GemmScratch.GetShared((packs ? task.M * whole : 0) + (columns ? task.K * ColumnRows : 0) + (pairs ? task.M * task.K : 0));
        if (columns)
        {
            // From A as given: the corrections index its columns.
            task.AColumns = shared;
            PackColumns(task, shared);
            shared += task.K * ColumnRows;
        }

        if (pairs)
        {
            PermuteColumnPairs(task, shared);
            task.A = shared;
            task.Lda = task.K;
            shared += task.M * task.K;
        }

        if (packs)
        {
            task.APacked = shared;
            PackRows(task, shared);
        }
    }

    /// <summary>
    /// Whether an f16 product with a zero-exponent list takes <see cref="RowDecoders.F16RebiasedPairs"/>: two to eight
    /// rows of A on the Vector512 path, K a multiple of 32, and weights that do not start a page (that decoder reads
    /// the half before them).
    /// </summary>
    internal static bool UsesColumnPairs(in GemmTask task) =>
        task.Path == GemmPath.Vector512 && task.M > 1 && (task.K & 31) == 0 && ((nint)task.W & 4095) != 0;

    /// <summary>
    /// A's rows in <see cref="RowDecoders.F16RebiasedPairs"/>'s lane order, rows K apart: each 32-column block's even
    /// columns, then its odd columns.
    /// </summary>
    private static void PermuteColumnPairs(in GemmTask task, float* permuted)
    {
        int k = task.K;
        for (int r = 0; r < task.M; r++)
        {
            float* a = task.A + (r * task.Lda), d = permuted + (r * k);
            for (int p = 0; p < k; p += 32)
            {
                (Vector512<float> even, Vector512<float> odd) = Vector512Ops.Deinterleave(Vector512.Load(a + p), Vector512.Load(a + p + 16));
                even.Store(d + p);
                odd.Store(d + p + 16);
            }
        }
    }

    /// <summary>A's columns, <see cref="ColumnRows"/> floats each (rows past M zero), eight columns at a time by an 8×8 transpose.</summary>
    private static void PackColumns(in GemmTask task, float* columns)
    {
        int k = task.K, m = task.M, whole = k & ~7;
        Span<Vector256<float>> rows = stackalloc Vector256<float>[ColumnRows];
        for (int p = 0; p < whole; p += 8)
        {
            for (int r = 0; r < ColumnRows; r++)
            {
                rows[r] = r < m ? Vector256.Load(task.A + (r * task.Lda) + p) : Vector256<float>.Zero;
            }

            Vector256Ops.TransposeStore(rows[0], rows[1], rows[2], rows[3], rows[4], rows[5], rows[6], rows[7], columns + (p * ColumnRows), ColumnRows);
        }

        for (int p = whole; p < k; p++)
        {
            for (int r = 0; r < ColumnRows; r++)
            {
                columns[(p * ColumnRows) + r] = r < m ? task.A[(r * task.Lda) + p] : 0;
            }
        }
    }

    /// <summary>
    /// The first k &amp; ~15 columns of A's rows as [k / 16, M, 16] (16 columns of every row together) into
    /// <paramref name="packed"/>: <see cref="PairPass{TDecoder, TRows}"/> then reads all rows through one pointer. With
    /// a pointer per row the JIT ran out of general registers and reloaded pointers from the stack every iteration
    /// (eight rows of the 8198 × 640 f16 joint: 0.95 ms, packed 0.83 ms, before the <see cref="Vector512Ops.Sum4"/> fix).
    /// </summary>
    private static void PackRows(in GemmTask task, float* packed)
    {
        int whole = task.K & ~15, m = task.M;
        for (int r = 0; r < m; r++)
        {
            float* a = task.A + (r * task.Lda);
            for (int p = 0; p < whole; p += 16)
            {
                Vector512.Store(Vector512.Load(a + p), packed + (p * m) + (r * 16));
            }
        }
    }

    /// <summary>
    /// Weight rows j..j+3 (at <paramref name="w0"/>) on the Vector256 path, one <see cref="WidePass{TDecoder, TRows}"/>
    /// each: six to eight rows of A in one group, so each weight vector is converted once (two weight rows against
    /// five rows of A and then against the rest converted every vector twice; eight rows of the 8198 × 640 f16 joint
    /// took 1.7× as long as five).
    /// </summary>
    private static void WidePasses<TDecoder>(in GemmTask task, float* packed, byte* w0, int j, nint ahead)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        for (int i = 0; i < 4; i++)
        {
            byte* w = w0 + (i * task.Weights.RowBytes);
            switch (task.M)
            {
                case 6:
                    WidePass<TDecoder, Six>(task, packed, w, j + i, ahead);
                    break;
                case 7:
                    WidePass<TDecoder, Seven>(task, packed, w, j + i, ahead);
                    break;
                default:
                    WidePass<TDecoder, Eight>(task, packed, w, j + i, ahead);
                    break;
            }
        }
    }

    /// <summary>
    /// Weight row j (at <paramref name="w"/>) times all <typeparamref name="TRows"/> rows of A (packed by
    /// <see cref="PackRows"/>) on Vector256: eight accumulators, the row's two vectors of each 16 columns and one of A
    /// fill 11 of AVX2's 16 registers. Each output is the FMA chain and sum of the five-row <c>Pass</c>, so a row's bits
    /// do not depend on how many rows of A come with it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WidePass<TDecoder, TRows>(in GemmTask task, float* packed, byte* w, int j, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TRows : struct, IRowCount
    {
        int k = task.K, whole = k & ~15;
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default;
        byte* ahead = w + prefetchBytes;
        for (int p = 0; p < whole; p += 16)
        {
            PrefetchSweep(ahead + StoredBytes<TDecoder>(p), StoredBytes<TDecoder>(16));
            Vector256<float> x0 = TDecoder.Load256(w, p), x1 = TDecoder.Load256(w, p + 8);
            float* a = packed + (p * TRows.Count);
            c0 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 8), Width256.FusedMultiplyAdd(x0, Vector256.Load(a), c0));
            c1 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 24), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 16), c1));
            c2 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 40), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 32), c2));
            c3 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 56), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 48), c3));
            c4 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 72), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 64), c4));
            c5 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 88), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 80), c5));
            if (TRows.Count > 6)
            {
                c6 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 104), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 96), c6));
            }

            if (TRows.Count > 7)
            {
                c7 = Width256.FusedMultiplyAdd(x1, Vector256.Load(a + 120), Width256.FusedMultiplyAdd(x0, Vector256.Load(a + 112), c7));
            }
        }

        // Every horizontal sum before any tail (see Pass).
        float* c = task.C + j;
        nint ldc = task.Ldc;
        c[0] += Width256.Sum(c0);
        c[ldc] += Width256.Sum(c1);
        c[2 * ldc] += Width256.Sum(c2);
        c[3 * ldc] += Width256.Sum(c3);
        c[4 * ldc] += Width256.Sum(c4);
        c[5 * ldc] += Width256.Sum(c5);
        if (TRows.Count > 6)
        {
            c[6 * ldc] += Width256.Sum(c6);
        }

        if (TRows.Count > 7)
        {
            c[7 * ldc] += Width256.Sum(c7);
        }

        if (whole < k)
        {
            for (int r = 0; r < TRows.Count; r++)
            {
                c[r * ldc] += Tail<TDecoder>(w, task.A + (r * task.Lda), whole, k);
            }
        }
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
    /// Weight rows j, j+1 (at <paramref name="w0"/>) times all <typeparamref name="TRows"/> rows of A (packed by
    /// <see cref="PackRows"/>), added to C, prefetching <paramref name="prefetchBytes"/> ahead as the two rows' run goes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PairPass<TDecoder, TRows>(in GemmTask task, float* packed, byte* w0, int j, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TRows : struct, IRowCount
    {
        int k = task.K, whole = k & ~15;
        byte* w1 = w0 + task.Weights.RowBytes;
        Vector512<float> c00 = default, c10 = default, c01 = default, c11 = default, c02 = default, c12 = default;
        Vector512<float> c03 = default, c13 = default, c04 = default, c14 = default, c05 = default, c15 = default;
        Vector512<float> c06 = default, c16 = default, c07 = default, c17 = default;
        byte* ahead = w0 + prefetchBytes;
        for (int p = 0; p < whole; p += 16)
        {
            PrefetchSweep(ahead + (2 * StoredBytes<TDecoder>(p)), 2 * StoredBytes<TDecoder>(16));
            Vector512<float> x0 = TDecoder.Load512(w0, p), x1 = TDecoder.Load512(w1, p);
            float* a = packed + (p * TRows.Count);
            Vector512<float> v = Vector512.Load(a);
            c00 = Vector512.FusedMultiplyAdd(x0, v, c00);
            c10 = Vector512.FusedMultiplyAdd(x1, v, c10);
            v = Vector512.Load(a + 16);
            c01 = Vector512.FusedMultiplyAdd(x0, v, c01);
            c11 = Vector512.FusedMultiplyAdd(x1, v, c11);
            v = Vector512.Load(a + 32);
            c02 = Vector512.FusedMultiplyAdd(x0, v, c02);
            c12 = Vector512.FusedMultiplyAdd(x1, v, c12);
            v = Vector512.Load(a + 48);
            c03 = Vector512.FusedMultiplyAdd(x0, v, c03);
            c13 = Vector512.FusedMultiplyAdd(x1, v, c13);
            v = Vector512.Load(a + 64);
            c04 = Vector512.FusedMultiplyAdd(x0, v, c04);
            c14 = Vector512.FusedMultiplyAdd(x1, v, c14);
            v = Vector512.Load(a + 80);
            c05 = Vector512.FusedMultiplyAdd(x0, v, c05);
            c15 = Vector512.FusedMultiplyAdd(x1, v, c15);
            v = Vector512.Load(a + 96);
            c06 = Vector512.FusedMultiplyAdd(x0, v, c06);
            c16 = Vector512.FusedMultiplyAdd(x1, v, c16);
            if (TRows.Count > 7)
            {
                v = Vector512.Load(a + 112);
                c07 = Vector512.FusedMultiplyAdd(x0, v, c07);
                c17 = Vector512.FusedMultiplyAdd(x1, v, c17);
            }
        }

        // Every horizontal sum before any tail (see Pass): Sum4 of two rows of A's pairs, in Vector512.Sum's order.
        float* c = task.C + j;
        nint ldc = task.Ldc;
        FinishPairs(c, ldc, Vector512Ops.Sum4(c00, c10, c01, c11));
        FinishPairs(c + (2 * ldc), ldc, Vector512Ops.Sum4(c02, c12, c03, c13));
        FinishPairs(c + (4 * ldc), ldc, Vector512Ops.Sum4(c04, c14, c05, c15));
        if (TRows.Count > 7)
        {
            FinishPairs(c + (6 * ldc), ldc, Vector512Ops.Sum4(c06, c16, c07, c17));
        }
        else
        {
            Vector128<float> last = Vector512Ops.Sum4(c06, c16, c06, c16);
            c[6 * ldc] += last.GetElement(0);
            c[(6 * ldc) + 1] += last.GetElement(1);
        }

        if (whole < k)
        {
            for (int r = 0; r < TRows.Count; r++)
            {
                float* a = task.A + (r * task.Lda);
                float* cr = c + (r * ldc);
                cr[0] += Tail<TDecoder>(w0, a, whole, k);
                cr[1] += Tail<TDecoder>(w1, a, whole, k);
            }
        }
    }

    /// <summary>Adds [row r: j, j+1; row r+1: j, j+1] to C at <paramref name="c"/> (row r, column j).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishPairs(float* c, nint ldc, Vector128<float> sums)
    {
        c[0] += sums.GetElement(0);
        c[1] += sums.GetElement(1);
        c[ldc] += sums.GetElement(2);
        c[ldc + 1] += sums.GetElement(3);
    }

    private readonly struct Seven : IRowCount
    {
        public static int Count => 7;
    }

    private readonly struct Eight : IRowCount
    {
        public static int Count => 8;
    }
}
