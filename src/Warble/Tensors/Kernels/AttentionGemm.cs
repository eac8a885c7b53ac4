using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Kernels;

/// <summary>
/// The encoder's per-head products (Q_blk·Kᵀ with K transposed once per call, and P_blk·V) without packing: A is
/// broadcast straight from its rows and B read straight from its rows, four rows × 64 columns of C held in sixteen
/// 512-bit accumulators. Both products have one small dimension (d_head = 64), where packing a copy of the large
/// operand per block cost as much as the multiply-adds.
/// </summary>
internal static unsafe class AttentionGemm
{
    private const int Rows = 4;
    private const int Width = 16;

    /// <summary>C[m, n] = A[m, k] · B[k, n], f32 row-major with row strides.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(float* a, nint lda, int m, int k, float* b, nint ldb, int n, float* c, nint ldc)
    {
        int j = 0;
        for (; j <= n - (4 * Width); j += 4 * Width)
        {
            int i = 0;
            for (; i <= m - Rows; i += Rows)
            {
                Tile4x64(a + (i * lda), lda, k, b + j, ldb, c + (i * ldc) + j, ldc);
            }

            for (; i < m; i++)
            {
                for (int t = 0; t < 4; t++)
                {
                    Column16(a + (i * lda), k, b + j + (t * Width), ldb, c + (i * ldc) + j + (t * Width));
                }
            }
        }

        for (; j <= n - Width; j += Width)
        {
            int i = 0;
            for (; i <= m - Rows; i += Rows)
            {
                Tile4x16(a + (i * lda), lda, k, b + j, ldb, c + (i * ldc) + j, ldc);
            }

            for (; i < m; i++)
            {
                Column16(a + (i * lda), k, b + j, ldb, c + (i * ldc) + j);
            }
        }

        for (; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[(i * lda) + p] * b[(p * ldb) + j];
                }

                c[(i * ldc) + j] = sum;
            }
        }
    }

    /// <summary>Scalar definition of <see cref="Multiply"/>.</summary>
    internal static void Reference(float* a, nint lda, int m, int k, float* b, nint ldb, int n, float* c, nint ldc)
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += a[(i * lda) + p] * b[(p * ldb) + j];
                }

                c[(i * ldc) + j] = sum;
            }
        }
    }

    private static void Tile4x64(float* a, nint lda, int k, float* b, nint ldb, float* c, nint ldc)
    {
        Vector512<float> c00 = default, c01 = default, c02 = default, c03 = default;
        Vector512<float> c10 = default, c11 = default, c12 = default, c13 = default;
        Vector512<float> c20 = default, c21 = default, c22 = default, c23 = default;
        Vector512<float> c30 = default, c31 = default, c32 = default, c33 = default;
        float* a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < k; p++, b += ldb)
        {
            Vector512<float> b0 = Vector512.Load(b), b1 = Vector512.Load(b + 16), b2 = Vector512.Load(b + 32), b3 = Vector512.Load(b + 48);
            var x = Vector512.Create(a[p]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            c02 = Vector512.FusedMultiplyAdd(x, b2, c02); c03 = Vector512.FusedMultiplyAdd(x, b3, c03);
            x = Vector512.Create(a1[p]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            c12 = Vector512.FusedMultiplyAdd(x, b2, c12); c13 = Vector512.FusedMultiplyAdd(x, b3, c13);
            x = Vector512.Create(a2[p]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            c22 = Vector512.FusedMultiplyAdd(x, b2, c22); c23 = Vector512.FusedMultiplyAdd(x, b3, c23);
            x = Vector512.Create(a3[p]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            c32 = Vector512.FusedMultiplyAdd(x, b2, c32); c33 = Vector512.FusedMultiplyAdd(x, b3, c33);
        }

        Store4(c, c00, c01, c02, c03);
        Store4(c + ldc, c10, c11, c12, c13);
        Store4(c + (2 * ldc), c20, c21, c22, c23);
        Store4(c + (3 * ldc), c30, c31, c32, c33);
    }

    private static void Tile4x16(float* a, nint lda, int k, float* b, nint ldb, float* c, nint ldc)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* a1 = a + lda, a2 = a1 + lda, a3 = a2 + lda;
        for (int p = 0; p < k; p++, b += ldb)
        {
            Vector512<float> bv = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[p]), bv, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[p]), bv, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[p]), bv, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[p]), bv, c3);
        }

        c0.Store(c);
        c1.Store(c + ldc);
        c2.Store(c + (2 * ldc));
        c3.Store(c + (3 * ldc));
    }

    private static void Column16(float* a, int k, float* b, nint ldb, float* c)
    {
        Vector512<float> s = default, t = default;
        int p = 0;
        for (; p <= k - 2; p += 2)
        {
            s = Vector512.FusedMultiplyAdd(Vector512.Create(a[p]), Vector512.Load(b + (p * ldb)), s);
            t = Vector512.FusedMultiplyAdd(Vector512.Create(a[p + 1]), Vector512.Load(b + ((p + 1) * ldb)), t);
        }

        if (p < k)
        {
            s = Vector512.FusedMultiplyAdd(Vector512.Create(a[p]), Vector512.Load(b + (p * ldb)), s);
        }

        (s + t).Store(c);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4(float* c, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        v0.Store(c);
        v1.Store(c + 16);
        v2.Store(c + 32);
        v3.Store(c + 48);
    }
}
