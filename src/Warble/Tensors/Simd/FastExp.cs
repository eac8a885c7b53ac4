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
    public static Vector128<float> Exp(Vector128<float> x)
    {
        Vector128<float> underflow = Vector128.LessThan(x, Vector128.Create(Lowest));
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(Lowest)), Vector128.Create(Highest));
        Vector128<float> n = Vector128.Round(x * Log2E);
        Vector128<float> r = Vector128.FusedMultiplyAdd(n, Vector128.Create(Ln2High), x);
        r = Vector128.FusedMultiplyAdd(n, Vector128.Create(Ln2Low), r);
        Vector128<float> p = Vector128.FusedMultiplyAdd(Vector128.Create(P0), r, Vector128.Create(P1));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P2));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P3));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P4));
        p = Vector128.FusedMultiplyAdd(p, r, Vector128.Create(P5));
        p = Vector128.FusedMultiplyAdd(p, r * r, r + Vector128<float>.One);
        return Vector128.AndNot(p * ((Vector128.ConvertToInt32(n) + Vector128.Create(127)) << 23).AsSingle(), underflow);
    }

    [MethodImpl(Inline.Short)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> underflow = Vector256.LessThan(x, Vector256.Create(Lowest));
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(Lowest)), Vector256.Create(Highest));
        Vector256<float> n = Vector256.Round(x * Log2E);
        Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(Ln2Low), r);
        Vector256<float> p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        return Vector256.AndNot(p * ((Vector256.ConvertToInt32(n) + Vector256.Create(127)) << 23).AsSingle(), underflow);
    }

    [MethodImpl(Inline.Short)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> underflow = Vector512.LessThan(x, Vector512.Create(Lowest));
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(Lowest)), Vector512.Create(Highest));
        Vector512<float> n = Vector512.Round(x * Log2E);
        Vector512<float> r = Vector512.FusedMultiplyAdd(n, Vector512.Create(Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(Ln2Low), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        return Vector512.AndNot(p * ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle(), underflow);
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
