using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;
using Warble.Tensors.Simd;

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(float* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        int r = 0;
        if (Vector256Ops.TransposeIsAccelerated)
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

        if (Vector128Ops.TransposeIsAccelerated)
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

    /// <summary>
    /// <see cref="Run"/> for f16 source values (raw bits, row stride <paramref name="lds"/> halves), widened exactly on
    /// the way, so packing f16 weights does not write the converted rows to scratch and read them back: 1.02-1.10× on
    /// the Parakeet encoder's f16 products, interleaved in one process.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunHalves(ushort* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        int r = 0;
        // HalfBlock8's widening takes 256-bit integer operations (AVX2).
        if (Vector256.IsHardwareAccelerated && Vector256Ops.TransposeIsAccelerated)
        {
            int cols8 = cols & ~7;
            for (; r + 8 <= rows; r += 8)
            {
                for (int c = 0; c < cols8; c += 8)
                {
                    HalfBlock8(src + (r * lds) + c, lds, dst + (c * ldd) + r, ldd);
                }

                ScalarHalves(src + (r * lds) + cols8, lds, 8, cols - cols8, dst + (cols8 * ldd) + r, ldd);
            }
        }

        ScalarHalves(src + (r * lds), lds, rows - r, cols, dst + r, ldd);
    }

    /// <summary>The scalar twin of <see cref="RunHalves"/>.</summary>
    public static void ScalarHalves(ushort* src, nint lds, int rows, int cols, float* dst, nint ldd)
    {
        for (int r = 0; r < rows; r++)
        {
            ushort* row = src + (r * lds);
            for (int c = 0; c < cols; c++)
            {
                dst[(c * ldd) + r] = (float)BitConverter.UInt16BitsToHalf(row[c]);
            }
        }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block8(float* s, nint lds, float* d, nint ldd) => Vector256Ops.TransposeStore(
        Vector256.Load(s), Vector256.Load(s + lds), Vector256.Load(s + (2 * lds)), Vector256.Load(s + (3 * lds)),
        Vector256.Load(s + (4 * lds)), Vector256.Load(s + (5 * lds)), Vector256.Load(s + (6 * lds)), Vector256.Load(s + (7 * lds)),
        d, ldd);

    /// <summary>An 8×8 block of halves: normal ones (nearly all weights) widen in three operations, as HalfConversion.Widen512.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void HalfBlock8(ushort* s, nint lds, float* d, nint ldd)
    {
        Vector128<ushort> h0 = Vector128.Load(s), h1 = Vector128.Load(s + lds), h2 = Vector128.Load(s + (2 * lds)), h3 = Vector128.Load(s + (3 * lds));
        Vector128<ushort> h4 = Vector128.Load(s + (4 * lds)), h5 = Vector128.Load(s + (5 * lds)), h6 = Vector128.Load(s + (6 * lds)), h7 = Vector128.Load(s + (7 * lds));
        if (AllNormal(h0, h1, h2, h3) && AllNormal(h4, h5, h6, h7))
        {
            Vector256Ops.TransposeStore(Normal(h0), Normal(h1), Normal(h2), Normal(h3), Normal(h4), Normal(h5), Normal(h6), Normal(h7), d, ldd);
        }
        else
        {
            Vector256Ops.TransposeStore(HalfConversion.Widen256(h0), HalfConversion.Widen256(h1), HalfConversion.Widen256(h2), HalfConversion.Widen256(h3),
                HalfConversion.Widen256(h4), HalfConversion.Widen256(h5), HalfConversion.Widen256(h6), HalfConversion.Widen256(h7), d, ldd);
        }
    }

    /// <summary>Whether every half has an exponent in 1..30 (((bits &amp; 0x7C00) + 0x400) &amp; 0x7800 is non-zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllNormal(Vector128<ushort> a, Vector128<ushort> b, Vector128<ushort> c, Vector128<ushort> e)
    {
        Vector128<ushort> exponent = Vector128.Create((ushort)0x7C00), one = Vector128.Create((ushort)0x400), mask = Vector128.Create((ushort)0x7800);
        Vector128<ushort> zero = Vector128<ushort>.Zero;
        return !Vector128.EqualsAny(((a & exponent) + one) & mask, zero) && !Vector128.EqualsAny(((b & exponent) + one) & mask, zero)
            && !Vector128.EqualsAny(((c & exponent) + one) & mask, zero) && !Vector128.EqualsAny(((e & exponent) + one) & mask, zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Normal(Vector128<ushort> h)
        => HalfConversion.RebiasNormal(Vector256.WidenLower(h.AsInt16().ToVector256Unsafe()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Block4(float* s, nint lds, float* d, nint ldd) => Vector128Ops.TransposeStore(
        Vector128.Load(s), Vector128.Load(s + lds), Vector128.Load(s + (2 * lds)), Vector128.Load(s + (3 * lds)), d, ldd);
}
