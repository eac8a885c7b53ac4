using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The Vector256 twins of the one-row loops, for AVX2 machines: the same passes, prefetching and rebiased f16 loads as
/// the Vector512 forms (row by row with the general conversion, Whisper tiny's greedy step took 12-14 ms against 5-6
/// ms on the Vector512 path of the same machine).
/// </summary>
internal static unsafe partial class Gemv
{
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

    private readonly struct PassSums256 : IPassSums
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sums<TDecoder>(byte* w0, int rowBytes, float* a, int whole, nint ahead)
            where TDecoder : struct, RowDecoders.IDecoder
            => Vector256Ops.Sum4(RowSums256<TDecoder>(w0, a, whole, ahead), RowSums256<TDecoder>(w0 + rowBytes, a, whole, ahead),
                RowSums256<TDecoder>(w0 + (2 * rowBytes), a, whole, ahead), RowSums256<TDecoder>(w0 + (3 * rowBytes), a, whole, ahead));
    }

    /// <summary>One weight row against one row of A: the vector columns as the pass kernels take them, the rest by scalar.</summary>
    private static float RowDot256<TDecoder>(byte* w, float* a, int k)
        where TDecoder : struct, RowDecoders.IDecoder
        => Vector256Ops.Sum(RowSums256<TDecoder>(w, a, k & ~15, 0)) + Tail<TDecoder>(w, a, k & ~15, k);
}
