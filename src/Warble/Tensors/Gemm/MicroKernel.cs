using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The register-blocked micro-kernel (BLIS-style), written once for the three widths: C[Mr × Nr] (+)= Ap·Bp over kc,
/// where Ap is a packed A micro-panel [kc][Mr] (broadcast) and Bp a packed B micro-panel [kc][Nr] (two vector loads
/// per step). The tile is 12 × 32 on Vector512 (24 zmm accumulators of the 32), 6 × 16 on Vector256 (12 ymm of
/// AVX2's 16) and 4 × 8 on Vector128 (8 xmm); the tests on Mr fold away per width. The accumulators stay in registers
/// because the tile is written out. Multiply-adds are the width's <c>MultiplyAdd</c>: fused on the Vector512 and
/// Vector256 paths, which require FMA, and on Vector128 wherever the CPU has it. The k loop runs two steps per iteration: on a 4-wide front end the 40
/// instructions of a Vector512 step otherwise leave the FMA units idle for part of each iteration.
/// </summary>
internal static unsafe class MicroKernel
{
    /// <summary>The register tile of <typeparamref name="TWidth"/>: rows of A (broadcast) by columns of B (two vectors).</summary>
    public static (int Mr, int Nr) Tile<TWidth, TVector>()
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
        => (Mr<TVector>(), 2 * TWidth.Count);

    /// <summary>
    /// Multiplies the packed micro-panels into the tile at <paramref name="c"/> (row stride <paramref name="ldc"/>):
    /// with <paramref name="start"/> null the product is added to C; otherwise C is overwritten, without being read,
    /// by <paramref name="start"/> (one row of Nr values: the bias, or zeros) plus the product, which spares the first
    /// k-slice of a product a pass over C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TWidth, TVector>(float* a, float* b, int kc, float* c, nint ldc, float* start)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector c00 = default, c01 = default;
        TVector c10 = default, c11 = default;
        TVector c20 = default, c21 = default;
        TVector c30 = default, c31 = default;
        TVector c40 = default, c41 = default;
        TVector c50 = default, c51 = default;
        TVector c60 = default, c61 = default;
        TVector c70 = default, c71 = default;
        TVector c80 = default, c81 = default;
        TVector c90 = default, c91 = default;
        TVector c100 = default, c101 = default;
        TVector c110 = default, c111 = default;

        // The Vector128 tile (the path of machines without AVX2) runs without the prefetch, as it always has.
        if (Mr<TVector>() > 4)
        {
            Prefetch(c, ldc, Mr<TVector>(), 2 * TWidth.Count);
        }

        for (int p = 0; p < kc; p += 2)
        {
            TVector b0 = TWidth.Load(ref *b, 0), b1 = TWidth.Load(ref *b, (nuint)TWidth.Count);
            TVector a0 = TWidth.Create(a[0]);
            c00 = TWidth.MultiplyAdd(a0, b0, c00);
            c01 = TWidth.MultiplyAdd(a0, b1, c01);
            TVector a1 = TWidth.Create(a[1]);
            c10 = TWidth.MultiplyAdd(a1, b0, c10);
            c11 = TWidth.MultiplyAdd(a1, b1, c11);
            TVector a2 = TWidth.Create(a[2]);
            c20 = TWidth.MultiplyAdd(a2, b0, c20);
            c21 = TWidth.MultiplyAdd(a2, b1, c21);
            TVector a3 = TWidth.Create(a[3]);
            c30 = TWidth.MultiplyAdd(a3, b0, c30);
            c31 = TWidth.MultiplyAdd(a3, b1, c31);

            if (Mr<TVector>() > 4)
            {
                TVector a4 = TWidth.Create(a[4]);
                c40 = TWidth.MultiplyAdd(a4, b0, c40);
                c41 = TWidth.MultiplyAdd(a4, b1, c41);
                TVector a5 = TWidth.Create(a[5]);
                c50 = TWidth.MultiplyAdd(a5, b0, c50);
                c51 = TWidth.MultiplyAdd(a5, b1, c51);
            }

            if (Mr<TVector>() > 6)
            {
                TVector a6 = TWidth.Create(a[6]);
                c60 = TWidth.MultiplyAdd(a6, b0, c60);
                c61 = TWidth.MultiplyAdd(a6, b1, c61);
                TVector a7 = TWidth.Create(a[7]);
                c70 = TWidth.MultiplyAdd(a7, b0, c70);
                c71 = TWidth.MultiplyAdd(a7, b1, c71);
                TVector a8 = TWidth.Create(a[8]);
                c80 = TWidth.MultiplyAdd(a8, b0, c80);
                c81 = TWidth.MultiplyAdd(a8, b1, c81);
                TVector a9 = TWidth.Create(a[9]);
                c90 = TWidth.MultiplyAdd(a9, b0, c90);
                c91 = TWidth.MultiplyAdd(a9, b1, c91);
                TVector a10 = TWidth.Create(a[10]);
                c100 = TWidth.MultiplyAdd(a10, b0, c100);
                c101 = TWidth.MultiplyAdd(a10, b1, c101);
                TVector a11 = TWidth.Create(a[11]);
                c110 = TWidth.MultiplyAdd(a11, b0, c110);
                c111 = TWidth.MultiplyAdd(a11, b1, c111);
            }

            // An odd kc ends after the first of the iteration's two steps.
            if (p + 1 == kc)
            {
                break;
            }

            TVector d0 = TWidth.Load(ref *b, (nuint)(2 * TWidth.Count)), d1 = TWidth.Load(ref *b, (nuint)(3 * TWidth.Count));
            TVector e0 = TWidth.Create(a[Mr<TVector>() + 0]);
            c00 = TWidth.MultiplyAdd(e0, d0, c00);
            c01 = TWidth.MultiplyAdd(e0, d1, c01);
            TVector e1 = TWidth.Create(a[Mr<TVector>() + 1]);
            c10 = TWidth.MultiplyAdd(e1, d0, c10);
            c11 = TWidth.MultiplyAdd(e1, d1, c11);
            TVector e2 = TWidth.Create(a[Mr<TVector>() + 2]);
            c20 = TWidth.MultiplyAdd(e2, d0, c20);
            c21 = TWidth.MultiplyAdd(e2, d1, c21);
            TVector e3 = TWidth.Create(a[Mr<TVector>() + 3]);
            c30 = TWidth.MultiplyAdd(e3, d0, c30);
            c31 = TWidth.MultiplyAdd(e3, d1, c31);

            if (Mr<TVector>() > 4)
            {
                TVector e4 = TWidth.Create(a[Mr<TVector>() + 4]);
                c40 = TWidth.MultiplyAdd(e4, d0, c40);
                c41 = TWidth.MultiplyAdd(e4, d1, c41);
                TVector e5 = TWidth.Create(a[Mr<TVector>() + 5]);
                c50 = TWidth.MultiplyAdd(e5, d0, c50);
                c51 = TWidth.MultiplyAdd(e5, d1, c51);
            }

            if (Mr<TVector>() > 6)
            {
                TVector e6 = TWidth.Create(a[Mr<TVector>() + 6]);
                c60 = TWidth.MultiplyAdd(e6, d0, c60);
                c61 = TWidth.MultiplyAdd(e6, d1, c61);
                TVector e7 = TWidth.Create(a[Mr<TVector>() + 7]);
                c70 = TWidth.MultiplyAdd(e7, d0, c70);
                c71 = TWidth.MultiplyAdd(e7, d1, c71);
                TVector e8 = TWidth.Create(a[Mr<TVector>() + 8]);
                c80 = TWidth.MultiplyAdd(e8, d0, c80);
                c81 = TWidth.MultiplyAdd(e8, d1, c81);
                TVector e9 = TWidth.Create(a[Mr<TVector>() + 9]);
                c90 = TWidth.MultiplyAdd(e9, d0, c90);
                c91 = TWidth.MultiplyAdd(e9, d1, c91);
                TVector e10 = TWidth.Create(a[Mr<TVector>() + 10]);
                c100 = TWidth.MultiplyAdd(e10, d0, c100);
                c101 = TWidth.MultiplyAdd(e10, d1, c101);
                TVector e11 = TWidth.Create(a[Mr<TVector>() + 11]);
                c110 = TWidth.MultiplyAdd(e11, d0, c110);
                c111 = TWidth.MultiplyAdd(e11, d1, c111);
            }

            a += 2 * Mr<TVector>();
            b += 4 * TWidth.Count;
        }

        float* from = start == null ? c : start;
        nint step = start == null ? ldc : 0;
        StoreRow<TWidth, TVector>(c + (0 * ldc), from + (0 * step), c00, c01);
        StoreRow<TWidth, TVector>(c + (1 * ldc), from + (1 * step), c10, c11);
        StoreRow<TWidth, TVector>(c + (2 * ldc), from + (2 * step), c20, c21);
        StoreRow<TWidth, TVector>(c + (3 * ldc), from + (3 * step), c30, c31);

        if (Mr<TVector>() > 4)
        {
            StoreRow<TWidth, TVector>(c + (4 * ldc), from + (4 * step), c40, c41);
            StoreRow<TWidth, TVector>(c + (5 * ldc), from + (5 * step), c50, c51);
        }

        if (Mr<TVector>() > 6)
        {
            StoreRow<TWidth, TVector>(c + (6 * ldc), from + (6 * step), c60, c61);
            StoreRow<TWidth, TVector>(c + (7 * ldc), from + (7 * step), c70, c71);
            StoreRow<TWidth, TVector>(c + (8 * ldc), from + (8 * step), c80, c81);
            StoreRow<TWidth, TVector>(c + (9 * ldc), from + (9 * step), c90, c91);
            StoreRow<TWidth, TVector>(c + (10 * ldc), from + (10 * step), c100, c101);
            StoreRow<TWidth, TVector>(c + (11 * ldc), from + (11 * step), c110, c111);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Mr<TVector>()
        where TVector : struct
        => typeof(TVector) == typeof(Vector512<float>) ? 12 : typeof(TVector) == typeof(Vector256<float>) ? 6 : 4;

    /// <summary>
    /// Fetches the first and last line of each of the tile's <paramref name="rows"/> rows of <paramref name="columns"/>
    /// values. They are in memory or L3 by now (C is larger than L2); fetching them while the k loop runs hides the
    /// misses that would otherwise stall the stores at the end.
    /// </summary>
    [MethodImpl(Inline.Short)]
    private static void Prefetch(float* c, nint ldc, int rows, int columns)
    {
        if (PrefetchOps.IsSupported)
        {
            for (int r = 0; r < rows; r++)
            {
                PrefetchOps.Line(c + (r * ldc));
                PrefetchOps.Line(c + (r * ldc) + columns - 1);
            }
        }
    }

    /// <summary>
    /// One tile row of two vectors: c = from + (v0, v1). <paramref name="from"/> is the row itself (accumulate) or the
    /// start row (bias or zeros), which spares the first k-slice of a product a read of C.
    /// </summary>
    [MethodImpl(Inline.Short)]
    private static void StoreRow<TWidth, TVector>(float* c, float* from, TVector v0, TVector v1)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TWidth.Store(TWidth.Add(TWidth.Load(ref *from, 0), v0), ref *c, 0);
        TWidth.Store(TWidth.Add(TWidth.Load(ref *from, (nuint)TWidth.Count), v1), ref *c, (nuint)TWidth.Count);
    }
}
