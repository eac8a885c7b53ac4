using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm;

/// <summary>
/// AVX2+FMA micro-kernel (6×16 tile, 12 ymm accumulators of the 16).
/// C[6×16] += Ap·Bp over kc, where Ap is a packed A micro-panel [kc][6] (broadcast) and Bp a packed B
/// micro-panel [kc][16] (2 vector loads per step). The 12 accumulators stay in registers (BLIS-style register
/// blocking); the method is long because the tile is written out, which is what keeps it in registers.
/// </summary>
internal static unsafe class MicroKernel256
{
    public const int Mr = 6;
    public const int Nr = 16;

    /// <summary>Accumulates the tile into C (row stride <paramref name="ldc"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* a, float* b, int kc, float* c, nint ldc)
    {
        Vector256<float> c00 = default; Vector256<float> c01 = default;
        Vector256<float> c10 = default; Vector256<float> c11 = default;
        Vector256<float> c20 = default; Vector256<float> c21 = default;
        Vector256<float> c30 = default; Vector256<float> c31 = default;
        Vector256<float> c40 = default; Vector256<float> c41 = default;
        Vector256<float> c50 = default; Vector256<float> c51 = default;
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

        Store(c + (0 * ldc), c00, c01);
        Store(c + (1 * ldc), c10, c11);
        Store(c + (2 * ldc), c20, c21);
        Store(c + (3 * ldc), c30, c31);
        Store(c + (4 * ldc), c40, c41);
        Store(c + (5 * ldc), c50, c51);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> v0, Vector256<float> v1)
    {
        (Vector256.Load(c + 0) + v0).Store(c + 0);
        (Vector256.Load(c + 8) + v1).Store(c + 8);
    }
}
