using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>The only place where 512-bit ISA-specific instructions appear; see <see cref="Vector128Ops"/>.</summary>
internal static class Vector512Ops
{
    /// <summary>a · b + c, fused (AVX-512F always has FMA); where emulated, as <see cref="Vector256Ops.MultiplyAdd"/> on each half.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a, b, c);
        }

        // In software, as two 256-bit halves: fused wherever the 256-bit path is (AVX2 with FMA), so a width the CPU
        // lacks rounds as the widths it has (unfused, erf missed its 4e-7 bound on AVX2).
        return Vector512.Create(
            Vector256Ops.MultiplyAdd(a.GetLower(), b.GetLower(), c.GetLower()),
            Vector256Ops.MultiplyAdd(a.GetUpper(), b.GetUpper(), c.GetUpper()));
    }

    /// <summary>Sum of the lanes, halves first.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector512<float> v) => Vector256Ops.Sum(v.GetLower() + v.GetUpper());

    /// <summary>
    /// [Σa, Σb, Σc, Σd], each sum in <see cref="Vector512.Sum{T}"/>'s order (pairs, then quarters of 128 bits, then
    /// halves), so that kernels reducing four rows at once give the bits of those reducing one: six horizontal adds on
    /// 256-bit halves instead of four separate shuffle trees (about a quarter of the instructions).
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        if (Avx512F.IsSupported)
        {
            // The same additions as the horizontal adds below, as even + odd shuffles of whole 512-bit registers:
            // vhaddps has no EVEX form, so it confines its operands to registers 0-15, and a kernel that keeps 16
            // accumulators live across its loop then had the JIT store one to the stack and reload it every iteration.
            Vector512<float> ab = Avx512F.Shuffle(a, b, 0b10_00_10_00) + Avx512F.Shuffle(a, b, 0b11_01_11_01);
            Vector512<float> cd = Avx512F.Shuffle(c, d, 0b10_00_10_00) + Avx512F.Shuffle(c, d, 0b11_01_11_01);
            Vector512<float> quarters = Avx512F.Shuffle(ab, cd, 0b10_00_10_00) + Avx512F.Shuffle(ab, cd, 0b11_01_11_01);
            return (quarters.GetLower().GetLower() + quarters.GetLower().GetUpper())
                + (quarters.GetUpper().GetLower() + quarters.GetUpper().GetUpper());
        }

        if (!Avx.IsSupported)
        {
            return Vector128.Create(Vector512.Sum(a), Vector512.Sum(b), Vector512.Sum(c), Vector512.Sum(d));
        }

        // Per 128-bit lane: [Σa Σb Σc Σd] of that lane's quarter, each as (x0 + x1) + (x2 + x3).
        Vector256<float> low = Avx.HorizontalAdd(
            Avx.HorizontalAdd(a.GetLower(), b.GetLower()), Avx.HorizontalAdd(c.GetLower(), d.GetLower()));
        Vector256<float> high = Avx.HorizontalAdd(
            Avx.HorizontalAdd(a.GetUpper(), b.GetUpper()), Avx.HorizontalAdd(c.GetUpper(), d.GetUpper()));
        return (low.GetLower() + low.GetUpper()) + (high.GetLower() + high.GetUpper());
    }

    /// <summary>32 signed bytes to 32 shorts: one <c>vpmovsxbw</c> on AVX-512BW.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<short> WidenToInt16(Vector256<sbyte> x)
    {
        if (Avx512BW.IsSupported)
        {
            return Avx512BW.ConvertToVector512Int16(x);
        }

        return Vector512.WidenLower(x.ToVector512Unsafe());
    }

    /// <summary>
    /// Products of shorts summed in ints, as 16 partial sums whose total is Σ x·y (<c>vpmaddwd</c>: adjacent pairs,
    /// exact for any shorts but -32768·-32768 pairs).
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<int> MultiplyAddAdjacent(Vector512<short> x, Vector512<short> y)
    {
        if (Avx512BW.IsSupported)
        {
            return Avx512BW.MultiplyAddAdjacent(x, y);
        }

        (Vector512<int> x0, Vector512<int> x1) = Vector512.Widen(x);
        (Vector512<int> y0, Vector512<int> y1) = Vector512.Widen(y);
        return (x0 * y0) + (x1 * y1);
    }

    /// <summary>16 signed bytes to 16 floats: one <c>vpmovsxbd</c> and one <c>vcvtdq2ps</c> on AVX-512F.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<float> WidenToSingle(Vector128<sbyte> q)
    {
        Vector512<int> wide = Avx512F.IsSupported
            ? Avx512F.ConvertToVector512Int32(q)
            : Vector512.WidenLower(Vector512.WidenLower(q.ToVector256Unsafe().ToVector512Unsafe()));
        return Vector512.ConvertToSingle(wide);
    }

    /// <summary>The even and the odd lanes of the 32 floats <paramref name="lower"/>:<paramref name="upper"/> (two <c>vpermt2ps</c>).</summary>
    [MethodImpl(Inline.Short)]
    public static (Vector512<float> Even, Vector512<float> Odd) Deinterleave(Vector512<float> lower, Vector512<float> upper)
    {
        Vector512<int> even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        Vector512<int> odd = even + Vector512<int>.One;
        if (Avx512F.IsSupported)
        {
            return (Avx512F.PermuteVar16x32x2(lower, even, upper), Avx512F.PermuteVar16x32x2(lower, odd, upper));
        }

        // Shuffle zeroes the lanes whose index is out of range, so each half contributes only its own lanes.
        Vector512<int> sixteen = Vector512.Create(16);
        return (Merge(Vector512.Shuffle(lower, even), Vector512.Shuffle(upper, even - sixteen)),
            Merge(Vector512.Shuffle(lower, odd), Vector512.Shuffle(upper, odd - sixteen)));
    }

    /// <summary>
    /// [<paramref name="previous"/>[15], <paramref name="x"/>[0], …, <paramref name="x"/>[14]]: the lanes moved up one,
    /// the last lane of the vector before coming in (<c>valignd</c>).
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<float> ShiftInLast(Vector512<float> x, Vector512<float> previous)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.AlignRight32(x.AsUInt32(), previous.AsUInt32(), 15).AsSingle();
        }

        Vector512<int> up = Vector512.Create(-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
        return Merge(Vector512.Shuffle(x, up), Vector512.Shuffle(previous, Vector512.Create(15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)));
    }

    /// <summary>The lanes of two vectors that are each zero where the other is not (by bits, so −0 stays −0).</summary>
    [MethodImpl(Inline.Short)]
    private static Vector512<float> Merge(Vector512<float> a, Vector512<float> b) => (a.AsInt32() | b.AsInt32()).AsSingle();
}
