using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm;

/// <summary>The Vector512 dot kernels of <see cref="Gemv"/>: up to four rows of A share each converted weight vector.</summary>
internal static unsafe partial class Gemv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot512<TDecoder>(byte* w, float* a, nint lda, int m, int k, float* sums)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default;
        float* a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        int p = 0;
        for (; p <= k - 32; p += 32)
        {
            Vector512<float> w0 = TDecoder.Load512(w, p), w1 = TDecoder.Load512(w, p + 16);
            s0 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(a + p), s0);
            t0 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(a + p + 16), t0);
            if (m > 1)
            {
                s1 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(a1 + p), s1);
                t1 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(a1 + p + 16), t1);
            }

            if (m > 2)
            {
                s2 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(a2 + p), s2);
                t2 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(a2 + p + 16), t2);
            }

            if (m > 3)
            {
                s3 = Vector512.FusedMultiplyAdd(w0, Vector512.Load(a3 + p), s3);
                t3 = Vector512.FusedMultiplyAdd(w1, Vector512.Load(a3 + p + 16), t3);
            }
        }

        Finish512<TDecoder>(w, a, lda, m, k, p, sums, s0 + t0, s1 + t1, s2 + t2, s3 + t3);
    }

    /// <summary>Horizontal sums plus the scalar tail past the last whole vector.</summary>
    private static void Finish512<TDecoder>(byte* w, float* a, nint lda, int m, int k, int p, float* sums,
        Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
        where TDecoder : struct, RowDecoders.IDecoder
    {
        sums[0] = Vector512.Sum(s0) + Tail<TDecoder>(w, a, p, k);
        if (m > 1)
        {
            sums[1] = Vector512.Sum(s1) + Tail<TDecoder>(w, a + lda, p, k);
        }

        if (m > 2)
        {
            sums[2] = Vector512.Sum(s2) + Tail<TDecoder>(w, a + (2 * lda), p, k);
        }

        if (m > 3)
        {
            sums[3] = Vector512.Sum(s3) + Tail<TDecoder>(w, a + (3 * lda), p, k);
        }
    }
}
