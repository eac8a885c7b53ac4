using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Gemm;

/// <summary>
/// The transpose at the heart of packing: <c>dst[c · ldd + r] = src[r · lds + c]</c>. Done element by element, the
/// stores of one source row land <c>ldd</c> floats apart, one cache line each, and a 32-column B panel then costs
/// several cycles per value (a 12 % share of a 1500×384×1536 product on one core). In 8×8 and 4×4 register blocks,
/// as BLIS's packing kernels do, every store writes a run of consecutive values.
/// </summary>
internal static unsafe class PanelTranspose
{
    /// <summary>Transposes src [rows, cols] (row stride <paramref name="lds"/>) into dst [cols, ≥ rows] (row stride <paramref name="ldd"/>).</summary>
    public static void Run(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        int r = 0;
        if (Avx.IsSupported)
        {
            int cols8 = cols & ~7;
            for (; r + 8 <= rows; r += 8)
            {
                for (int c = 0; c < cols8; c += 8)
                {
                    Block8(src + (r * lds) + c, lds, dst + (c * ldd) + r, ldd);
                }

                Scalar(src + (r * lds) + cols8, lds, 8, cols - cols8, dst + (cols8 * ldd) + r, ldd);
            }
        }

        if (Sse.IsSupported)
        {
            int cols4 = cols & ~3;
            for (; r + 4 <= rows; r += 4)
            {
                for (int c = 0; c < cols4; c += 4)
                {
                    Block4(src + (r * lds) + c, lds, dst + (c * ldd) + r, ldd);
                }

                Scalar(src + (r * lds) + cols4, lds, 4, cols - cols4, dst + (cols4 * ldd) + r, ldd);
            }
        }

        Scalar(src + (r * lds), lds, rows - r, cols, dst + r, ldd);
    }

    /// <summary>The scalar twin (and the edges of <see cref="Run"/>).</summary>
    public static void Scalar(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        for (int r = 0; r < rows; r++)
        {
            float* row = src + (r * lds);
            for (int c = 0; c < cols; c++)
            {
                dst[(c * ldd) + r] = row[c];
            }
        }
    }

    // Unpack pairs of rows, shuffle pairs of pairs, then swap 128-bit halves (the usual AVX 8×8 transpose).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(float* s, nint lds, float* d, nint ldd)
    {
        Vector256<float> r0 = Avx.LoadVector256(s), r1 = Avx.LoadVector256(s + lds);
        Vector256<float> r2 = Avx.LoadVector256(s + (2 * lds)), r3 = Avx.LoadVector256(s + (3 * lds));
        Vector256<float> r4 = Avx.LoadVector256(s + (4 * lds)), r5 = Avx.LoadVector256(s + (5 * lds));
        Vector256<float> r6 = Avx.LoadVector256(s + (6 * lds)), r7 = Avx.LoadVector256(s + (7 * lds));
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(d, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(d + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(d + (2 * ldd), Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(d + (3 * ldd), Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(d + (4 * ldd), Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(d + (5 * ldd), Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(d + (6 * ldd), Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(d + (7 * ldd), Avx.Permute2x128(u3, u7, 0x31));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4(float* s, nint lds, float* d, nint ldd)
    {
        Vector128<float> r0 = Sse.LoadVector128(s), r1 = Sse.LoadVector128(s + lds);
        Vector128<float> r2 = Sse.LoadVector128(s + (2 * lds)), r3 = Sse.LoadVector128(s + (3 * lds));
        Vector128<float> t0 = Sse.UnpackLow(r0, r1), t1 = Sse.UnpackHigh(r0, r1);
        Vector128<float> t2 = Sse.UnpackLow(r2, r3), t3 = Sse.UnpackHigh(r2, r3);
        Sse.Store(d, Sse.MoveLowToHigh(t0, t2));
        Sse.Store(d + ldd, Sse.MoveHighToLow(t2, t0));
        Sse.Store(d + (2 * ldd), Sse.MoveLowToHigh(t1, t3));
        Sse.Store(d + (3 * ldd), Sse.MoveHighToLow(t3, t1));
    }
}
