using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm;

/// <summary>
/// AVX-512 micro-kernel (12×32 tile, 24 zmm accumulators of the 32).
/// C[12×32] += Ap·Bp over kc, where Ap is a packed A micro-panel [kc][12] (broadcast) and Bp a packed B
/// micro-panel [kc][32] (2 vector loads per step). The 24 accumulators stay in registers (BLIS-style register
/// blocking); the method is long because the tile is written out, which is what keeps it in registers.
/// </summary>
internal static unsafe class MicroKernel512
{
    public const int Mr = 12;
    public const int Nr = 32;

    /// <summary>Accumulates the tile into C (row stride <paramref name="ldc"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, nint ldc)
    {
        Vector512<float> c00 = default; Vector512<float> c01 = default;
        Vector512<float> c10 = default; Vector512<float> c11 = default;
        Vector512<float> c20 = default; Vector512<float> c21 = default;
        Vector512<float> c30 = default; Vector512<float> c31 = default;
        Vector512<float> c40 = default; Vector512<float> c41 = default;
        Vector512<float> c50 = default; Vector512<float> c51 = default;
        Vector512<float> c60 = default; Vector512<float> c61 = default;
        Vector512<float> c70 = default; Vector512<float> c71 = default;
        Vector512<float> c80 = default; Vector512<float> c81 = default;
        Vector512<float> c90 = default; Vector512<float> c91 = default;
        Vector512<float> c100 = default; Vector512<float> c101 = default;
        Vector512<float> c110 = default; Vector512<float> c111 = default;
        for (int p = 0; p < kc; p++)
        {
            Vector512<float> b0 = Vector512.Load(b + 0);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            Vector512<float> a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            Vector512<float> a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            Vector512<float> a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            Vector512<float> a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            Vector512<float> a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            Vector512<float> a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            Vector512<float> a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            Vector512<float> a8 = Vector512.Create(a[8]);
            c80 = Vector512.FusedMultiplyAdd(a8, b0, c80);
            c81 = Vector512.FusedMultiplyAdd(a8, b1, c81);
            Vector512<float> a9 = Vector512.Create(a[9]);
            c90 = Vector512.FusedMultiplyAdd(a9, b0, c90);
            c91 = Vector512.FusedMultiplyAdd(a9, b1, c91);
            Vector512<float> a10 = Vector512.Create(a[10]);
            c100 = Vector512.FusedMultiplyAdd(a10, b0, c100);
            c101 = Vector512.FusedMultiplyAdd(a10, b1, c101);
            Vector512<float> a11 = Vector512.Create(a[11]);
            c110 = Vector512.FusedMultiplyAdd(a11, b0, c110);
            c111 = Vector512.FusedMultiplyAdd(a11, b1, c111);
            a += 12;
            b += 32;
        }

        Store(c + (0 * ldc), c00, c01);
        Store(c + (1 * ldc), c10, c11);
        Store(c + (2 * ldc), c20, c21);
        Store(c + (3 * ldc), c30, c31);
        Store(c + (4 * ldc), c40, c41);
        Store(c + (5 * ldc), c50, c51);
        Store(c + (6 * ldc), c60, c61);
        Store(c + (7 * ldc), c70, c71);
        Store(c + (8 * ldc), c80, c81);
        Store(c + (9 * ldc), c90, c91);
        Store(c + (10 * ldc), c100, c101);
        Store(c + (11 * ldc), c110, c111);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector512<float> v0, Vector512<float> v1)
    {
        (Vector512.Load(c + 0) + v0).Store(c + 0);
        (Vector512.Load(c + 16) + v1).Store(c + 16);
    }
}
