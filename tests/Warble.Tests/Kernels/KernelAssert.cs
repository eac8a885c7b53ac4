namespace Warble.Tests.Kernels;

/// <summary>Fixed-seed inputs, canary-guarded buffers and magnitude-relative comparisons for kernel tests.</summary>
internal static class KernelAssert
{
    /// <summary>Guard values around every buffer: NaN, so an over-read poisons a result and an overwrite is seen.</summary>
    public const int Guard = 32;

    /// <summary>Lengths 0..300: every tail of every vector width.</summary>
    public static IEnumerable<int> Lengths(int from = 0) => Enumerable.Range(from, 301 - from);

    /// <summary>A buffer of <paramref name="length"/> values in [−scale, scale] + offset, with NaN guards on both sides.</summary>
    public static Guarded Random(Random rng, int length, float scale = 1f, float offset = 0f)
    {
        var g = new Guarded(length);
        for (int i = 0; i < length; i++)
        {
            g.Span[i] = offset + (scale * ((2 * rng.NextSingle()) - 1));
        }

        return g;
    }

    /// <summary>The values of <see cref="Random"/> as a plain array (same draws, no guards).</summary>
    public static float[] Values(Random rng, int length, float scale = 1f) => Random(rng, length, scale).Span.ToArray();

    /// <summary>|actual − expected| ≤ tolerance · max(1, |expected|) everywhere.</summary>
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            bool ok = (float.IsInfinity(e) && e == a) || Math.Abs(a - e) <= tolerance * Math.Max(1f, Math.Abs(e));
            if (!ok)
            {
                Assert.Fail($"{context}: index {i} expected {e:R} got {a:R}");
            }
        }
    }

    /// <summary>Normalized mean squared error Σ(a − e)² / Σe² at most <paramref name="limit"/>, as ggml's test-backend-ops.</summary>
    public static void Nmse(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double limit, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        double error = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(actual[i]))
            {
                Assert.Fail($"{context}: NaN at {i}");
            }

            error += (actual[i] - (double)expected[i]) * (actual[i] - (double)expected[i]);
            norm += (double)expected[i] * expected[i];
        }

        double nmse = norm == 0 ? error : error / norm;
        Assert.True(nmse <= limit, $"{context}: NMSE {nmse:E3} above {limit:E1}");
    }

    /// <summary>An array holding a span with <see cref="Guard"/> NaN canaries on each side.</summary>
    internal sealed class Guarded(int length)
    {
        private readonly float[] storage = CreateStorage(length);

        public int Length => length;

        public Span<float> Span => storage.AsSpan(Guard, length);

        /// <summary>Fails if anything wrote outside the span.</summary>
        public void CheckGuards(string context)
        {
            for (int i = 0; i < Guard; i++)
            {
                if (!float.IsNaN(storage[i]) || !float.IsNaN(storage[Guard + length + i]))
                {
                    Assert.Fail($"{context}: write outside the buffer");
                }
            }
        }

        public Guarded Copy()
        {
            var copy = new Guarded(length);
            Span.CopyTo(copy.Span);
            return copy;
        }

        private static float[] CreateStorage(int length)
        {
            var s = new float[length + (2 * Guard)];
            Array.Fill(s, float.NaN);
            return s;
        }
    }
}
