using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tensors.Simd;

/// <summary>The only place where 512-bit ISA-specific instructions appear; see <see cref="Vector128Ops"/>.</summary>
internal static class Vector512Ops
{
    /// <summary>a · b + c, fused (AVX-512F always has FMA); multiply then add where emulated.</summary>
    [MethodImpl(Inline.Short)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a, b, c);
        }

        return (a * b) + c;
    }

    /// <summary>Sum of the lanes, halves first.</summary>
    [MethodImpl(Inline.Short)]
    public static float Sum(Vector512<float> v) => Vector256Ops.Sum(v.GetLower() + v.GetUpper());

    /// <summary>
    /// The lane sums of four vectors, as one vector [Σa, Σb, Σc, Σd]: halves first, then three horizontal adds
    /// interleave the four (about a quarter of the instructions of four separate <see cref="Sum"/>s).
    /// </summary>
    [MethodImpl(Inline.Short)]
    public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        Vector256<float> a8 = a.GetLower() + a.GetUpper(), b8 = b.GetLower() + b.GetUpper();
        Vector256<float> c8 = c.GetLower() + c.GetUpper(), d8 = d.GetLower() + d.GetUpper();
        if (Avx.IsSupported)
        {
            // [a01 a23 b01 b23 | a45 a67 b45 b67] and likewise for c, d; then [a0-3 b0-3 c0-3 d0-3 | a4-7 b4-7 c4-7 d4-7].
            Vector256<float> abcd = Avx.HorizontalAdd(Avx.HorizontalAdd(a8, b8), Avx.HorizontalAdd(c8, d8));
            return abcd.GetLower() + abcd.GetUpper();
        }

        return Vector128.Create(Vector256Ops.Sum(a8), Vector256Ops.Sum(b8), Vector256Ops.Sum(c8), Vector256Ops.Sum(d8));
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
}
