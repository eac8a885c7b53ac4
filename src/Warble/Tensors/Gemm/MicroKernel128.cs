using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Portable micro-kernel (4×8 tile); multiply-add estimate fuses where the hardware can.
/// C[4×8] (+)= Ap·Bp over kc, where Ap is a packed A micro-panel [kc][4] (broadcast) and Bp a packed B
/// micro-panel [kc][8] (2 vector loads per step). The 8 accumulators stay in registers (BLIS-style register
/// blocking); the method is long because the tile is written out, which is what keeps it in registers.
/// </summary>
internal static unsafe class MicroKernel128
{
    public const int Mr = 4;
    public const int Nr = 8;

    /// <summary>
    /// Multiplies the packed micro-panels into the tile at <paramref name="c"/> (row stride <paramref name="ldc"/>):
    /// with <paramref name="start"/> null the product is added to C; otherwise C is overwritten, without being read,
    /// by <paramref name="start"/> (one row of 8 values: the bias, or zeros) plus the product, which spares the first
    /// k-slice of a product a pass over C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, nint ldc, float* start)
    {
        Vector128<float> c00 = default; Vector128<float> c01 = default;
        Vector128<float> c10 = default; Vector128<float> c11 = default;
        Vector128<float> c20 = default; Vector128<float> c21 = default;
        Vector128<float> c30 = default; Vector128<float> c31 = default;

        for (int p = 0; p < kc; p++)
        {
            Vector128<float> b0 = Vector128.Load(b + 0);
            Vector128<float> b1 = Vector128.Load(b + 4);
            Vector128<float> a0 = Vector128.Create(a[0]);
            c00 = Vector128.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector128.MultiplyAddEstimate(a0, b1, c01);
            Vector128<float> a1 = Vector128.Create(a[1]);
            c10 = Vector128.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector128.MultiplyAddEstimate(a1, b1, c11);
            Vector128<float> a2 = Vector128.Create(a[2]);
            c20 = Vector128.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector128.MultiplyAddEstimate(a2, b1, c21);
            Vector128<float> a3 = Vector128.Create(a[3]);
            c30 = Vector128.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector128.MultiplyAddEstimate(a3, b1, c31);
            a += 4;
            b += 8;
        }

        float* from = start == null ? c : start;
        nint step = start == null ? ldc : 0;
        MicroKernelTile.StoreRow<Width128, Vector128<float>>(c + (0 * ldc), from + (0 * step), c00, c01);
        MicroKernelTile.StoreRow<Width128, Vector128<float>>(c + (1 * ldc), from + (1 * step), c10, c11);
        MicroKernelTile.StoreRow<Width128, Vector128<float>>(c + (2 * ldc), from + (2 * step), c20, c21);
        MicroKernelTile.StoreRow<Width128, Vector128<float>>(c + (3 * ldc), from + (3 * step), c30, c31);
    }
}
