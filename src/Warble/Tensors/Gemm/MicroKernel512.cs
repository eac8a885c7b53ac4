using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// AVX-512 micro-kernel (12×32 tile, 24 zmm accumulators of the 32).
/// C[12×32] (+)= Ap·Bp over kc, where Ap is a packed A micro-panel [kc][12] (broadcast) and Bp a packed B
/// micro-panel [kc][32] (2 vector loads per step). The 24 accumulators stay in registers (BLIS-style register
/// blocking); the method is long because the tile is written out, which is what keeps it in registers. The k loop
/// runs two steps per iteration: on a 4-wide front end its 40 instructions per step otherwise leave the FMA units idle
/// for part of each iteration.
/// </summary>
internal static unsafe class MicroKernel512
{
    public const int Mr = 12;
    public const int Nr = 32;

    /// <summary>
    /// Multiplies the packed micro-panels into the tile at <paramref name="c"/> (row stride <paramref name="ldc"/>):
    /// with <paramref name="start"/> null the product is added to C; otherwise C is overwritten, without being read,
    /// by <paramref name="start"/> (one row of 32 values: the bias, or zeros) plus the product, which spares the first
    /// k-slice of a product a pass over C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, nint ldc, float* start)
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

        MicroKernelTile.Prefetch(c, ldc, Mr, Nr);

        int p = 0;
        for (; p + 2 <= kc; p += 2)
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
            Vector512<float> d0 = Vector512.Load(b + 32);
            Vector512<float> d1 = Vector512.Load(b + 48);
            Vector512<float> e0 = Vector512.Create(a[12]);
            c00 = Vector512.FusedMultiplyAdd(e0, d0, c00);
            c01 = Vector512.FusedMultiplyAdd(e0, d1, c01);
            Vector512<float> e1 = Vector512.Create(a[13]);
            c10 = Vector512.FusedMultiplyAdd(e1, d0, c10);
            c11 = Vector512.FusedMultiplyAdd(e1, d1, c11);
            Vector512<float> e2 = Vector512.Create(a[14]);
            c20 = Vector512.FusedMultiplyAdd(e2, d0, c20);
            c21 = Vector512.FusedMultiplyAdd(e2, d1, c21);
            Vector512<float> e3 = Vector512.Create(a[15]);
            c30 = Vector512.FusedMultiplyAdd(e3, d0, c30);
            c31 = Vector512.FusedMultiplyAdd(e3, d1, c31);
            Vector512<float> e4 = Vector512.Create(a[16]);
            c40 = Vector512.FusedMultiplyAdd(e4, d0, c40);
            c41 = Vector512.FusedMultiplyAdd(e4, d1, c41);
            Vector512<float> e5 = Vector512.Create(a[17]);
            c50 = Vector512.FusedMultiplyAdd(e5, d0, c50);
            c51 = Vector512.FusedMultiplyAdd(e5, d1, c51);
            Vector512<float> e6 = Vector512.Create(a[18]);
            c60 = Vector512.FusedMultiplyAdd(e6, d0, c60);
            c61 = Vector512.FusedMultiplyAdd(e6, d1, c61);
            Vector512<float> e7 = Vector512.Create(a[19]);
            c70 = Vector512.FusedMultiplyAdd(e7, d0, c70);
            c71 = Vector512.FusedMultiplyAdd(e7, d1, c71);
            Vector512<float> e8 = Vector512.Create(a[20]);
            c80 = Vector512.FusedMultiplyAdd(e8, d0, c80);
            c81 = Vector512.FusedMultiplyAdd(e8, d1, c81);
            Vector512<float> e9 = Vector512.Create(a[21]);
            c90 = Vector512.FusedMultiplyAdd(e9, d0, c90);
            c91 = Vector512.FusedMultiplyAdd(e9, d1, c91);
            Vector512<float> e10 = Vector512.Create(a[22]);
            c100 = Vector512.FusedMultiplyAdd(e10, d0, c100);
            c101 = Vector512.FusedMultiplyAdd(e10, d1, c101);
            Vector512<float> e11 = Vector512.Create(a[23]);
            c110 = Vector512.FusedMultiplyAdd(e11, d0, c110);
            c111 = Vector512.FusedMultiplyAdd(e11, d1, c111);
            a += 24;
            b += 64;
        }

        if (p < kc)
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
        }

        float* from = start == null ? c : start;
        nint step = start == null ? ldc : 0;
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (0 * ldc), from + (0 * step), c00, c01);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (1 * ldc), from + (1 * step), c10, c11);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (2 * ldc), from + (2 * step), c20, c21);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (3 * ldc), from + (3 * step), c30, c31);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (4 * ldc), from + (4 * step), c40, c41);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (5 * ldc), from + (5 * step), c50, c51);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (6 * ldc), from + (6 * step), c60, c61);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (7 * ldc), from + (7 * step), c70, c71);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (8 * ldc), from + (8 * step), c80, c81);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (9 * ldc), from + (9 * step), c90, c91);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (10 * ldc), from + (10 * step), c100, c101);
        MicroKernelTile.StoreRow<Width512, Vector512<float>>(c + (11 * ldc), from + (11 * step), c110, c111);
    }
}
