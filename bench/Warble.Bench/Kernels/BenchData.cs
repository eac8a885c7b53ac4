namespace Warble.Bench.Kernels;

/// <summary>Fixed-seed inputs for the kernel benchmarks.</summary>
internal static class BenchData
{
    public static float[] Random(Random rng, int length, float scale = 1f)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = scale * ((2 * rng.NextSingle()) - 1);
        }

        return values;
    }
}
