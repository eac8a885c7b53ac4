using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Two to <see cref="MaxStreamedRows"/> rows of A (beam search, best-of-N): each pass reads <see cref="PassWeightRows"/>
/// weight rows and multiplies them with up to <see cref="GroupRows"/> rows of A at a time, so five hypotheses convert
/// each weight vector once; more rows of A take a second group over the same weight rows, which are still in L1, so
/// the weights stream from memory once. Vector512: four weight rows against six rows of A (24 accumulators of the 32
/// registers); Vector256: two against five (10 of AVX2's 16). Seven or eight rows of A on Vector512, and six to eight on
/// Vector256, take passes of two (one) weight rows against all of them instead (Gemv.MultiRowWide.cs), so each weight
/// vector is still converted once.
/// </summary>
internal static unsafe partial class Gemv
{
    private interface IRowCount
    {
        static abstract int Count { get; }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiRow<TDecoder, TWidth, TVector>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        int rowBytes = task.Weights.RowBytes;
        nint ahead = PrefetchBytes;
        int j = j0;
        float* packed = task.APacked;

        PrefetchHead(task.W, j0, j1, rowBytes, PrefetchRows(rowBytes));
        for (; j <= j1 - 4; j += 4)
        {
            if (packed != null)
            {
                if (typeof(TVector) == typeof(Vector512<float>))
                {
                    PairPasses<TDecoder>(task, packed, task.W + ((nint)j * rowBytes), j, ahead);
                }
                else
                {
                    WidePasses<TDecoder>(task, packed, task.W + ((nint)j * rowBytes), j, ahead);
                }

                continue;
            }

            for (int pass = 0; pass < 4; pass += PassWeightRows<TVector>())
            {
                byte* w0 = task.W + ((nint)(j + pass) * rowBytes);
                for (int r0 = 0; r0 < task.M; r0 += GroupRows<TVector>())
                {
                    switch (Math.Min(task.M - r0, GroupRows<TVector>()))
                    {
                        case 1:
                            Pass<TDecoder, TWidth, TVector, One>(task, w0, r0, j + pass, ahead);
                            break;
                        case 2:
                            Pass<TDecoder, TWidth, TVector, Two>(task, w0, r0, j + pass, ahead);
                            break;
                        case 3:
                            Pass<TDecoder, TWidth, TVector, Three>(task, w0, r0, j + pass, ahead);
                            break;
                        case 4:
                            Pass<TDecoder, TWidth, TVector, Four>(task, w0, r0, j + pass, ahead);
                            break;
                        case 5:
                            Pass<TDecoder, TWidth, TVector, Five>(task, w0, r0, j + pass, ahead);
                            break;
                        default:
                            Pass<TDecoder, TWidth, TVector, Six>(task, w0, r0, j + pass, ahead);
                            break;
                    }
                }
            }
        }

        LeftoverRows<TDecoder, TWidth, TVector>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>
    /// Weight rows j.. (at <paramref name="w0"/>, <see cref="PassWeightRows"/> of them) times A rows r0..r0+TRows−1,
    /// added to C, prefetching <paramref name="prefetchBytes"/> ahead as the rows' run goes (again for a second group of
    /// A rows, from cache). Accumulator c{w}{r} is weight row w times A row r; the tests on the two constants fold away.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass<TDecoder, TWidth, TVector, TRows>(in GemmTask task, byte* w0, int r0, int j, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        where TRows : struct, IRowCount
    {
        // The vector loop covers columns [0, K & ~15), as RowDecoders.IDecoder.Correct expects.
        int k = task.K, rowBytes = task.Weights.RowBytes, whole = k & ~15;
        nint lda = task.Lda;
        byte* w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
        float* a0 = task.A + (r0 * lda), a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        TVector c00 = default, c10 = default, c20 = default, c30 = default, c01 = default, c11 = default, c21 = default, c31 = default;
        TVector c02 = default, c12 = default, c22 = default, c32 = default, c03 = default, c13 = default, c23 = default, c33 = default;
        TVector c04 = default, c14 = default, c24 = default, c34 = default, c05 = default, c15 = default, c25 = default, c35 = default;
        TVector x2 = default, x3 = default;
        byte* ahead = w0 + prefetchBytes;
        for (int p = 0; p < whole; p += TWidth.Count)
        {
            // The pass's rows are one run: PassWeightRows × TWidth.Count values of it an iteration.
            PrefetchSweep(ahead + (PassWeightRows<TVector>() * StoredBytes<TDecoder>(p)), PassWeightRows<TVector>() * StoredBytes<TDecoder>(TWidth.Count));
            TVector x0 = Decode<TDecoder, TVector>(w0, p), x1 = Decode<TDecoder, TVector>(w1, p);
            if (PassWeightRows<TVector>() == 4)
            {
                x2 = Decode<TDecoder, TVector>(w2, p);
                x3 = Decode<TDecoder, TVector>(w3, p);
            }

            TVector v0 = TWidth.Load(ref *a0, (nuint)p);
            c00 = TWidth.FusedMultiplyAdd(x0, v0, c00);
            c10 = TWidth.FusedMultiplyAdd(x1, v0, c10);
            if (PassWeightRows<TVector>() == 4)
            {
                c20 = TWidth.FusedMultiplyAdd(x2, v0, c20);
                c30 = TWidth.FusedMultiplyAdd(x3, v0, c30);
            }

            if (TRows.Count > 1)
            {
                TVector v1 = TWidth.Load(ref *a1, (nuint)p);
                c01 = TWidth.FusedMultiplyAdd(x0, v1, c01);
                c11 = TWidth.FusedMultiplyAdd(x1, v1, c11);
                if (PassWeightRows<TVector>() == 4)
                {
                    c21 = TWidth.FusedMultiplyAdd(x2, v1, c21);
                    c31 = TWidth.FusedMultiplyAdd(x3, v1, c31);
                }
            }

            if (TRows.Count > 2)
            {
                TVector v2 = TWidth.Load(ref *a2, (nuint)p);
                c02 = TWidth.FusedMultiplyAdd(x0, v2, c02);
                c12 = TWidth.FusedMultiplyAdd(x1, v2, c12);
                if (PassWeightRows<TVector>() == 4)
                {
                    c22 = TWidth.FusedMultiplyAdd(x2, v2, c22);
                    c32 = TWidth.FusedMultiplyAdd(x3, v2, c32);
                }
            }

            if (TRows.Count > 3)
            {
                TVector v3 = TWidth.Load(ref *a3, (nuint)p);
                c03 = TWidth.FusedMultiplyAdd(x0, v3, c03);
                c13 = TWidth.FusedMultiplyAdd(x1, v3, c13);
                if (PassWeightRows<TVector>() == 4)
                {
                    c23 = TWidth.FusedMultiplyAdd(x2, v3, c23);
                    c33 = TWidth.FusedMultiplyAdd(x3, v3, c33);
                }
            }

            if (TRows.Count > 4)
            {
                TVector v4 = TWidth.Load(ref *a4, (nuint)p);
                c04 = TWidth.FusedMultiplyAdd(x0, v4, c04);
                c14 = TWidth.FusedMultiplyAdd(x1, v4, c14);
                if (PassWeightRows<TVector>() == 4)
                {
                    c24 = TWidth.FusedMultiplyAdd(x2, v4, c24);
                    c34 = TWidth.FusedMultiplyAdd(x3, v4, c34);
                }
            }

            if (TRows.Count > 5)
            {
                TVector v5 = TWidth.Load(ref *a5, (nuint)p);
                c05 = TWidth.FusedMultiplyAdd(x0, v5, c05);
                c15 = TWidth.FusedMultiplyAdd(x1, v5, c15);
                if (PassWeightRows<TVector>() == 4)
                {
                    c25 = TWidth.FusedMultiplyAdd(x2, v5, c25);
                    c35 = TWidth.FusedMultiplyAdd(x3, v5, c35);
                }
            }
        }

        // Every horizontal sum before any tail: a call with an accumulator live across it would make the JIT spill it.
        float* c = task.C + (r0 * task.Ldc) + j;
        AddPassSums<TWidth, TVector>(c, c00, c10, c20, c30);
        if (TRows.Count > 1)
        {
            AddPassSums<TWidth, TVector>(c + task.Ldc, c01, c11, c21, c31);
        }

        if (TRows.Count > 2)
        {
            AddPassSums<TWidth, TVector>(c + (2 * task.Ldc), c02, c12, c22, c32);
        }

        if (TRows.Count > 3)
        {
            AddPassSums<TWidth, TVector>(c + (3 * task.Ldc), c03, c13, c23, c33);
        }

        if (TRows.Count > 4)
        {
            AddPassSums<TWidth, TVector>(c + (4 * task.Ldc), c04, c14, c24, c34);
        }

        if (TRows.Count > 5)
        {
            AddPassSums<TWidth, TVector>(c + (5 * task.Ldc), c05, c15, c25, c35);
        }

        if (whole < k)
        {
            for (int r = 0; r < TRows.Count; r++)
            {
                float* a = task.A + ((r0 + r) * lda);
                for (int i = 0; i < PassWeightRows<TVector>(); i++)
                {
                    c[(r * task.Ldc) + i] += Tail<TDecoder>(w0 + (i * rowBytes), a, whole, k);
                }
            }
        }
    }

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
