using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Simd;

/// <summary>
/// e^x per vector lane: x = n·ln2 + r (Cody–Waite), a degree-6 polynomial in r, times 2^n (Cephes' <c>expf</c>, the
/// role of ggml's <c>ggml_v_expf</c>); within about 1 ulp of the exact value, several times cheaper than the
/// correctly rounded <c>Vector256.Exp</c>, which widens to double. Below −87.3 the result is 0 (where the exact value
/// is a denormal or underflows: flush-to-zero, so no product downstream takes a microcode assist, and −∞ gives 0);
/// above 88 it is e^88 ≈ 1.65e38, not ∞ (the scaling 2^n would overflow from 88.38 on).
/// The scalar twin is <see cref="MathF.Exp"/>.
/// </summary>
internal static class FastExp
{
    private const float Lowest = -87.33654f;
    private const float Highest = 88f;
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = -0.693359375f;
    private const float Ln2Low = 2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;

    /// <summary>Values per float partial sum in <see cref="SumOfExp"/>.</summary>
    private const int SumBlock = 512;

    [MethodImpl(Inline.Short)]
    public static Vector128<float> Exp(Vector128<float> x) => Exp<Width128, Vector128<float>>(x);

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Exp(Vector256<float> x) => Exp<Width256, Vector256<float>>(x);

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Exp(Vector512<float> x) => Exp<Width512, Vector512<float>>(x);

    [MethodImpl(Inline.Short)]
    private static TVector Exp<TWidth, TVector>(TVector x)
        where TWidth : IVectorWidth<TVector>
        where TVector : struct
    {
        TVector lowest = TWidth.Create(Lowest), one = TWidth.Create(1f);
        TVector underflow = TWidth.LessThan(x, lowest);
        x = TWidth.Min(TWidth.Max(x, lowest), TWidth.Create(Highest));
        TVector n = TWidth.Round(TWidth.Multiply(x, TWidth.Create(Log2E)));
        TVector r = TWidth.FusedMultiplyAdd(n, TWidth.Create(Ln2High), x);
        r = TWidth.FusedMultiplyAdd(n, TWidth.Create(Ln2Low), r);
        TVector p = TWidth.FusedMultiplyAdd(TWidth.Create(P0), r, TWidth.Create(P1));
        p = TWidth.FusedMultiplyAdd(p, r, TWidth.Create(P2));
        p = TWidth.FusedMultiplyAdd(p, r, TWidth.Create(P3));
        p = TWidth.FusedMultiplyAdd(p, r, TWidth.Create(P4));
        p = TWidth.FusedMultiplyAdd(p, r, TWidth.Create(P5));
        p = TWidth.FusedMultiplyAdd(p, TWidth.Multiply(r, r), TWidth.Add(r, one));
        return TWidth.AndNot(TWidth.Multiply(p, TWidth.PowerOfTwo(n)), underflow);
    }

    /// <summary>
    /// Σ e^(x[i] − shift): vector lanes summed in float over blocks of <see cref="SumBlock"/> values, the block totals
    /// in double, so the rounding stays near a double sum's.
    /// </summary>
    [MethodImpl(Inline.Hot)]
    public static double SumOfExp(ReadOnlySpan<float> x, float shift)
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        int n = x.Length, j = 0;
        double sum = 0;
        if (SimdCapabilities.HasVector512)
        {
            // 512-bit even where the runtime prefers 256: exp is compute-bound, and the products around it run 512-bit.
            var shiftV = Vector512.Create(shift);
            while (j <= n - Vector512<float>.Count)
            {
                Vector512<float> a = default;
                for (int end = Math.Min(n, j + SumBlock); j <= end - Vector512<float>.Count; j += Vector512<float>.Count)
                {
                    a += Exp(Vector512.LoadUnsafe(ref xs, (nuint)j) - shiftV);
                }

                sum += Vector512.Sum(Vector512.WidenLower(a) + Vector512.WidenUpper(a));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var shiftV = Vector256.Create(shift);
            while (j <= n - Vector256<float>.Count)
            {
                Vector256<float> a = default;
                for (int end = Math.Min(n, j + SumBlock); j <= end - Vector256<float>.Count; j += Vector256<float>.Count)
                {
                    a += Exp(Vector256.LoadUnsafe(ref xs, (nuint)j) - shiftV);
                }

                sum += Vector256.Sum(Vector256.WidenLower(a) + Vector256.WidenUpper(a));
            }
        }

        for (; j < n; j++)
        {
            sum += MathF.Exp(x[j] - shift);
        }

        return sum;
    }
}
