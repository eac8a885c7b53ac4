namespace Warble.Models.Whisper.Timing;

/// <summary>The numpy reductions and rounding the timing code relies on, reproduced to the bit.</summary>
internal static class NumpyMath
{
    /// <summary>
    /// <c>np.mean</c> of float64 values: the identity 0 plus numpy's pairwise sum (sequential
    /// below 8 values, 8 accumulators up to 128, halving above), divided by the count.
    /// </summary>
    public static double Mean(ReadOnlySpan<double> values) =>
        values.Length == 0 ? double.NaN : (0.0 + PairwiseSum(values)) / values.Length;

    /// <summary><c>np.median</c>: the middle value, or the mean of the two middle values.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        int half = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }

    /// <summary>
    /// Python's <c>round(x, 2)</c> on a numpy float64, which is <c>np.round</c>: multiply by 100,
    /// round half to even, divide by 100.
    /// </summary>
    public static double Round2(double x) => Math.Round(x * 100.0, MidpointRounding.ToEven) / 100.0;

    private static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= 128)
        {
            Span<double> r = stackalloc double[8];
            a[..8].CopyTo(r);
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                for (int k = 0; k < 8; k++)
                {
                    r[k] += a[i + k];
                }
            }

            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }
}
