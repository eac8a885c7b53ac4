using System.Runtime.CompilerServices;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The Vector512 and Vector256 dot kernels of <see cref="Gemv"/> (the TWidth of
/// <see cref="DotRows"/>): up to four rows of A share each converted weight vector.
/// </summary>
internal static unsafe partial class Gemv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows<TDecoder, TWidth, TVector>(byte* w, float* a, nint lda, int m, int k, float* sums)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        TVector t0 = default, t1 = default, t2 = default, t3 = default;
        float* a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        int p = 0;
        for (; p <= k - (2 * TWidth.Count); p += 2 * TWidth.Count)
        {
            TVector w0 = Decode<TDecoder, TVector>(w, p), w1 = Decode<TDecoder, TVector>(w, p + TWidth.Count);
            s0 = TWidth.FusedMultiplyAdd(w0, TWidth.Load(ref a[p], 0), s0);
            t0 = TWidth.FusedMultiplyAdd(w1, TWidth.Load(ref a[p], (nuint)TWidth.Count), t0);
            if (m > 1)
            {
                s1 = TWidth.FusedMultiplyAdd(w0, TWidth.Load(ref a1[p], 0), s1);
                t1 = TWidth.FusedMultiplyAdd(w1, TWidth.Load(ref a1[p], (nuint)TWidth.Count), t1);
            }

            if (m > 2)
            {
                s2 = TWidth.FusedMultiplyAdd(w0, TWidth.Load(ref a2[p], 0), s2);
                t2 = TWidth.FusedMultiplyAdd(w1, TWidth.Load(ref a2[p], (nuint)TWidth.Count), t2);
            }

            if (m > 3)
            {
                s3 = TWidth.FusedMultiplyAdd(w0, TWidth.Load(ref a3[p], 0), s3);
                t3 = TWidth.FusedMultiplyAdd(w1, TWidth.Load(ref a3[p], (nuint)TWidth.Count), t3);
            }
        }

        Finish<TDecoder, TWidth, TVector>(w, a, lda, m, k, p, sums, TWidth.Add(s0, t0), TWidth.Add(s1, t1), TWidth.Add(s2, t2), TWidth.Add(s3, t3));
    }

    /// <summary>Horizontal sums plus the scalar tail past the last whole vector.</summary>
    private static void Finish<TDecoder, TWidth, TVector>(byte* w, float* a, nint lda, int m, int k, int p, float* sums,
        TVector s0, TVector s1, TVector s2, TVector s3)
        where TDecoder : struct, RowDecoders.IDecoder
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        sums[0] = TWidth.LaneSum(s0) + Tail<TDecoder>(w, a, p, k);
        if (m > 1)
        {
            sums[1] = TWidth.LaneSum(s1) + Tail<TDecoder>(w, a + lda, p, k);
        }

        if (m > 2)
        {
            sums[2] = TWidth.LaneSum(s2) + Tail<TDecoder>(w, a + (2 * lda), p, k);
        }

        if (m > 3)
        {
            sums[3] = TWidth.LaneSum(s3) + Tail<TDecoder>(w, a + (3 * lda), p, k);
        }
    }
}
