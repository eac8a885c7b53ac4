using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The Vector256 twin of <see cref="SingleRow512"/>, for AVX2 machines: four weight rows per pass sharing each load of
/// A, with the same prefetching and the same rebiased f16 loads (row by row with the general conversion, Whisper
/// tiny's greedy step took 12-14 ms against 5-6 ms on the Vector512 path of the same machine).
/// </summary>
internal static unsafe partial class Gemv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SingleRow256<TDecoder>(in GemmTask task, int j0, int j1)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        // The vector loop covers columns [0, K & ~15), as RowDecoders.IDecoder.Correct expects.
        int k = task.K, rowBytes = task.Weights.RowBytes, whole = k & ~15;
        float* a = task.A, c = task.C;
        int j = j0;
        int prefetchRows = PrefetchRows(rowBytes);
        PrefetchHead(task.W, j0, j1, rowBytes, prefetchRows);
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes), w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
            PrefetchPass(w0, j, j1, rowBytes, prefetchRows);
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default;
            Vector256<float> t0 = default, t1 = default, t2 = default, t3 = default;
            for (int p = 0; p < whole; p += 16)
            {
                Vector256<float> av = Vector256.Load(a + p), bv = Vector256.Load(a + p + 8);
                s0 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w0, p), av, s0);
                s1 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w1, p), av, s1);
                s2 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w2, p), av, s2);
                s3 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w3, p), av, s3);
                t0 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w0, p + 8), bv, t0);
                t1 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w1, p + 8), bv, t1);
                t2 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w2, p + 8), bv, t2);
                t3 = Vector256.FusedMultiplyAdd(TDecoder.Load256(w3, p + 8), bv, t3);
            }

            // The four sums before any tail, as SingleRow512 (a call would make the JIT spill the accumulators).
            Finish4<TDecoder>(c + j, Vector256Ops.Sum4(s0 + t0, s1 + t1, s2 + t2, s3 + t3), w0, rowBytes, a, whole, k);
        }

        LeftoverRows<TDecoder>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>One weight row against one row of A over the columns [0, K &amp; ~15) by vector, the rest by scalar.</summary>
    private static float RowDot256<TDecoder>(byte* w, float* a, int k)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        Vector256<float> s = default, t = default;
        int p = 0;
        for (; p <= k - 16; p += 16)
        {
            s = Vector256.FusedMultiplyAdd(TDecoder.Load256(w, p), Vector256.Load(a + p), s);
            t = Vector256.FusedMultiplyAdd(TDecoder.Load256(w, p + 8), Vector256.Load(a + p + 8), t);
        }

        return Vector256Ops.Sum(s + t) + Tail<TDecoder>(w, a, p, k);
    }
}
