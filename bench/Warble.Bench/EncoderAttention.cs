using System.Diagnostics;
using System.Globalization;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Kernels;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>
/// `encoder-attention [heads] [frames] [rounds] [spread]`: Whisper's encoder self-attention alone (6 heads × 64 over
/// 1500 frames by default, tiny), f32 and int8 alternately at 2 threads, printing each one's minimum and int8's error
/// against f32 (max and mean |Δ|). Queries and keys are uniform in ±spread (default 1; larger makes peakier softmax
/// rows, the case where per-row scaling of the probabilities loses the small ones).
/// </summary>
internal static class EncoderAttention
{
    public static int Run(string[] args)
    {
        int heads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
        int frames = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1500;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        float spread = args.Length > 4 ? float.Parse(args[4], CultureInfo.InvariantCulture) : 1f;
        const int headDim = 64;
        WorkerPool.Shared.Configure(2);
        var rng = new Random(5);
        float[] q = Kernels.BenchData.Random(rng, frames * heads * headDim, spread);
        float[] k = Kernels.BenchData.Random(rng, frames * heads * headDim, spread);
        float[] v = Kernels.BenchData.Random(rng, frames * heads * headDim);
        var cache = new KeyValueCache(heads, headDim, frames);
        cache.Append(k, v);
        float[] exact = new float[q.Length], int8 = new float[q.Length];
        double f32Ms = double.MaxValue, int8Ms = double.MaxValue;
        for (int round = 0; round <= rounds; round++)
        {
            double a = Time(ComputePrecision.F32, q, cache, exact), b = Time(ComputePrecision.Int8, q, cache, int8);
            if (round > 0)
            {
                (f32Ms, int8Ms) = (Math.Min(f32Ms, a), Math.Min(int8Ms, b));
            }
        }

        double max = 0, sum = 0, scale = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            double error = Math.Abs(int8[i] - exact[i]);
            (max, sum, scale) = (Math.Max(max, error), sum + error, Math.Max(scale, Math.Abs(exact[i])));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"encoder attention {heads}×{headDim} over {frames} frames, spread {spread}: f32 {f32Ms:F2} ms, int8 {int8Ms:F2} ms ({int8Ms / f32Ms:F2}×), int8 − f32: max {max:G3}, mean {sum / exact.Length:G3} (max |f32| {scale:G3})"));
        return 0;
    }

    private static double Time(ComputePrecision precision, float[] q, KeyValueCache cache, float[] output)
    {
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        using Int8Compute.Scope region = Int8Compute.Region();
        long start = Stopwatch.GetTimestamp();
        Attention.Apply(q, cache, default, causal: false, output);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
}
