using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Tensors.Gemm.Int8;

namespace Warble.Cli.Commands;

/// <summary>
/// The bench commands' <c>--compute</c>: with int8 the encoder runs in f32 and in int8 alternately in one process (the
/// machine drifts, so only same-run ratios mean much), and the int8 output is compared with the f32 one.
/// </summary>
internal static class BenchCompute
{
    public static Option<string> Create() => ChoiceOption.Create("--compute", "f32",
        "f32, or int8: the encoder timed in f32 and int8 alternately, int8's output compared with f32's", "f32", "int8");

    /// <summary>The minimum of <paramref name="runs"/> timed f32 and int8 runs of <paramref name="forward"/>, interleaved, after a warm-up of each.</summary>
    public static Comparison Compare(int runs, Action forward, float[] output)
    {
        double f32 = double.MaxValue, int8 = double.MaxValue;
        float[] reference = [], quantised = [];
        for (int run = 0; run <= Math.Max(1, runs); run++)
        {
            double a = Time(ComputePrecision.F32, forward);
            reference = [.. output];
            double b = Time(ComputePrecision.Int8, forward);
            quantised = [.. output];
            if (run > 0)
            {
                (f32, int8) = (Math.Min(f32, a), Math.Min(int8, b));
            }
        }

        double max = 0, sum = 0, scale = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double error = Math.Abs(quantised[i] - reference[i]);
            (max, sum, scale) = (Math.Max(max, error), sum + error, Math.Max(scale, Math.Abs(reference[i])));
        }

        return new Comparison(f32, int8, max, sum / Math.Max(1, reference.Length), scale);
    }

    private static double Time(ComputePrecision precision, Action forward)
    {
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        long start = Stopwatch.GetTimestamp();
        forward();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Times and errors of one comparison; the errors are absolute, beside the largest |f32 output|.</summary>
    public readonly record struct Comparison(double F32Ms, double Int8Ms, double MaxError, double MeanError, double MaxAbs)
    {
        public void Print(string what)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {what} f32 {F32Ms:F1} ms, int8 {Int8Ms:F1} ms ({Int8Ms / F32Ms:F2}×), int8 − f32: max {MaxError:G3}, mean {MeanError:G3} (max |f32| {MaxAbs:G3}){(!Tensors.Simd.VnniOps.IsSupported ? " [no AVX-VNNI: both f32]" : string.Empty)}"));
        }

        public string Json() => string.Create(CultureInfo.InvariantCulture,
            $"\"int8_encoder_ms\":{Int8Ms:F2},\"f32_encoder_ms\":{F32Ms:F2},\"int8_max_error\":{MaxError:G4},\"int8_mean_error\":{MeanError:G4},");
    }
}
