using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The Vector256 twin of <see cref="SingleRow512"/>, for AVX2 machines: four weight rows per pass, read one after
/// another, with the same prefetching and the same rebiased f16 loads (row by row with the general conversion,
/// Whisper tiny's greedy step took 12-14 ms against 5-6 ms on the Vector512 path of the same machine).
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
        nint ahead = PrefetchBytes;
        PrefetchHead(task.W, j0, j1, rowBytes, PrefetchRows(rowBytes));
        for (; j <= j1 - 4; j += 4)
        {
            byte* w0 = task.W + ((nint)j * rowBytes), w1 = w0 + rowBytes, w2 = w1 + rowBytes, w3 = w2 + rowBytes;
            // The rows one after another, each prefetching as it goes, as SingleRow512 reads them.
            Vector256<float> r0 = RowSums256<TDecoder>(w0, a, whole, ahead), r1 = RowSums256<TDecoder>(w1, a, whole, ahead);
            Vector256<float> r2 = RowSums256<TDecoder>(w2, a, whole, ahead), r3 = RowSums256<TDecoder>(w3, a, whole, ahead);
            // The four sums before any tail, as SingleRow512 (a call would make the JIT spill the accumulators).
            Finish4<TDecoder>(c + j, Vector256Ops.Sum4(r0, r1, r2, r3), w0, rowBytes, a, whole, k);
        }

        LeftoverRows<TDecoder>(task, j, j1);
        TDecoder.Correct(task, j0, j1);
    }

    /// <summary>
    /// The 256-bit <see cref="RowSums512"/>: one weight row's products with A over columns [0, <paramref name="whole"/>)
    /// in two chains, added lane by lane, prefetching as it goes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> RowSums256<TDecoder>(byte* w, float* a, int whole, nint prefetchBytes)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        Vector256<float> s = default, t = default;
        byte* ahead = w + prefetchBytes;
        for (int p = 0; p < whole; p += 16)
        {
            PrefetchSweep(ahead + StoredBytes<TDecoder>(p), StoredBytes<TDecoder>(16));
            s = Vector256.FusedMultiplyAdd(TDecoder.Load256(w, p), Vector256.Load(a + p), s);
            t = Vector256.FusedMultiplyAdd(TDecoder.Load256(w, p + 8), Vector256.Load(a + p + 8), t);
        }

        return s + t;
    }

    /// <summary>One weight row against one row of A: the vector columns as the pass kernels take them, the rest by scalar.</summary>
    private static float RowDot256<TDecoder>(byte* w, float* a, int k)
        where TDecoder : struct, RowDecoders.IDecoder
        => Vector256Ops.Sum(RowSums256<TDecoder>(w, a, k & ~15, 0)) + Tail<TDecoder>(w, a, k & ~15, k);
}
