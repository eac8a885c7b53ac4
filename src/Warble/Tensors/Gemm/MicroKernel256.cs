using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// AVX2+FMA micro-kernel (6×16 tile, 12 ymm accumulators of the 16).
/// C[6×16] (+)= Ap·Bp over kc, where Ap is a packed A micro-panel [kc][6] (broadcast) and Bp a packed B
/// micro-panel [kc][16] (2 vector loads per step). The 12 accumulators stay in registers (BLIS-style register
/// blocking); the method is long because the tile is written out, which is what keeps it in registers.
/// </summary>
internal static unsafe class MicroKernel256
{
    public const int Mr = 6;
    public const int Nr = 16;

    /// <summary>
    /// Multiplies the packed micro-panels into the tile at <paramref name="c"/> (row stride <paramref name="ldc"/>):
    /// with <paramref name="start"/> null the product is added to C; otherwise C is overwritten, without being read,
    /// by <paramref name="start"/> (one row of 16 values: the bias, or zeros) plus the product, which spares the first
    /// k-slice of a product a pass over C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, nint ldc, float* start)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;

        MicroKernelTile.Prefetch(c, ldc, Mr, Nr);

        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b + 0);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            Vector256<float> a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            Vector256<float> a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            Vector256<float> a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            Vector256<float> a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            Vector256<float> a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        float* from = start == null ? c : start;
        nint step = start == null ? ldc : 0;
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (0 * ldc), from + (0 * step), c00, c01);
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (1 * ldc), from + (1 * step), c10, c11);
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (2 * ldc), from + (2 * step), c20, c21);
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (3 * ldc), from + (3 * step), c30, c31);
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (4 * ldc), from + (4 * step), c40, c41);
        MicroKernelTile.StoreRow<Width256, Vector256<float>>(c + (5 * ldc), from + (5 * step), c50, c51);
    }
}
