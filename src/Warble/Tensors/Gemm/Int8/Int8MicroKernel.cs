using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// The int8 register tile: <see cref="Int8Gemm.Mr"/> rows of unsigned activations by <see cref="Int8Gemm.Nr"/> weight
/// rows, int32 sums over the whole depth (no k-slices: 255 · 127 · 4 per step leaves room for 16,000 steps). Twelve
/// accumulators, two weight vectors and one broadcast fill the 16 registers that VEX-encoded VPDPBUSD can name.
/// </summary>
internal static unsafe class Int8MicroKernel
{
    /// <summary>
    /// tile[r, j] = Σ_g Σ_t a[r, 4g + t] · b[g, j, t] for r &lt; 6, j &lt; 16: <paramref name="a"/> holds six rows of
    /// unsigned bytes <paramref name="lda"/> apart (each padded to whole groups of four), <paramref name="b"/> a weight
    /// panel (16 rows × 4 bytes per group). Each row's four bytes are broadcast straight from the row, so the quantisers
    /// write rows as they come instead of interleaving them into a tile.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(byte* a, nint lda, sbyte* b, int groups, int* tile)
    {
        Vector256<int> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<int> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        byte* a3 = a + (3 * lda);
        for (int g = 0; g < groups; g++)
        {
            Vector256<sbyte> b0 = Vector256.Load(b), b1 = Vector256.Load(b + 32);
            Vector256<byte> a0 = Vector256.Create(*(int*)a).AsByte();
            c00 = VnniOps.DotAdd(c00, a0, b0);
            c01 = VnniOps.DotAdd(c01, a0, b1);
            Vector256<byte> a1 = Vector256.Create(*(int*)(a + lda)).AsByte();
            c10 = VnniOps.DotAdd(c10, a1, b0);
            c11 = VnniOps.DotAdd(c11, a1, b1);
            Vector256<byte> a2 = Vector256.Create(*(int*)(a + (2 * lda))).AsByte();
            c20 = VnniOps.DotAdd(c20, a2, b0);
            c21 = VnniOps.DotAdd(c21, a2, b1);
            Vector256<byte> a3v = Vector256.Create(*(int*)a3).AsByte();
            c30 = VnniOps.DotAdd(c30, a3v, b0);
            c31 = VnniOps.DotAdd(c31, a3v, b1);
            Vector256<byte> a4 = Vector256.Create(*(int*)(a + (4 * lda))).AsByte();
            c40 = VnniOps.DotAdd(c40, a4, b0);
            c41 = VnniOps.DotAdd(c41, a4, b1);
            Vector256<byte> a5 = Vector256.Create(*(int*)(a3 + (2 * lda))).AsByte();
            c50 = VnniOps.DotAdd(c50, a5, b0);
            c51 = VnniOps.DotAdd(c51, a5, b1);
            a += 4;
            a3 += 4;
            b += 64;
        }

        c00.Store(tile); c01.Store(tile + 8);
        c10.Store(tile + 16); c11.Store(tile + 24);
        c20.Store(tile + 32); c21.Store(tile + 40);
        c30.Store(tile + 48); c31.Store(tile + 56);
        c40.Store(tile + 64); c41.Store(tile + 72);
        c50.Store(tile + 80); c51.Store(tile + 88);
    }
}
