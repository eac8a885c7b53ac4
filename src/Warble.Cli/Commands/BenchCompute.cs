using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Tensors;
using Warble.Tensors.Gemm;
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

    /// <summary>
    /// The minimum of <paramref name="runs"/> timed f32 and int8 runs of <paramref name="forward"/>, interleaved, after a
    /// warm-up of each, and the f32 FLOP ceiling of its <paramref name="flops"/> (<see cref="EncoderFlops"/>) at the f32
    /// GEMM rate measured in between.
    /// </summary>
    public static Comparison Compare(int runs, Action forward, float[] output, double flops)
    {
        var gemm = new CeilingGemm();
        double f32 = double.MaxValue, int8 = double.MaxValue;
        float[] reference = [], quantised = [];
        for (int run = 0; run <= Math.Max(1, runs); run++)
        {
            double a = Time(ComputePrecision.F32, forward);
            reference = [.. output];
            double b = Time(ComputePrecision.Int8, forward);
            quantised = [.. output];
            gemm.Run();
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

        return new Comparison(f32, int8, max, sum / Math.Max(1, reference.Length), scale, flops / 1e9, gemm.Gflops);
    }

    private static double Time(ComputePrecision precision, Action forward)
    {
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        long start = Stopwatch.GetTimestamp();
        forward();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Times and errors of one comparison; the errors are absolute, beside the largest |f32 output|.</summary>
    public readonly record struct Comparison(double F32Ms, double Int8Ms, double MaxError, double MeanError, double MaxAbs, double Gflop, double F32Gflops)
    {
        /// <summary>The encoder's products at the f32 GEMM rate of this run, in milliseconds.</summary>
        public double CeilingMs => Gflop / F32Gflops * 1e3;

        public void Print(string what)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {what} f32 {F32Ms:F1} ms, int8 {Int8Ms:F1} ms ({Int8Ms / F32Ms:F2}×), int8 − f32: max {MaxError:G3}, mean {MeanError:G3} (max |f32| {MaxAbs:G3}){(!Tensors.Simd.VnniOps.IsSupported ? " [no AVX-VNNI: both f32]" : string.Empty)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  f32 FLOP ceiling: {Gflop:F1} GFLOP at {F32Gflops:F0} GFLOP/s (f32 GEMM {CeilingGemm.Shape}, this run) = {CeilingMs:F1} ms; f32 {F32Ms / CeilingMs:F2}×, int8 {Int8Ms / CeilingMs:F2}× the ceiling"));
        }

        public string Json() => string.Create(CultureInfo.InvariantCulture,
            $"\"int8_encoder_ms\":{Int8Ms:F2},\"f32_encoder_ms\":{F32Ms:F2},\"int8_max_error\":{MaxError:G4},\"int8_mean_error\":{MeanError:G4},\"encoder_gflop\":{Gflop:F2},\"f32_gemm_gflops\":{F32Gflops:F1},\"f32_ceiling_ms\":{CeilingMs:F2},");
    }

    /// <summary>The f32 rate the ceiling divides by: the best of this run's f32 products of one large shape.</summary>
    private sealed class CeilingGemm
    {
        public const string Shape = "1500×1024×4096";

        private const int M = 1500, K = 1024, N = 4096;

        private readonly float[] a, c = new float[M * N];
        private readonly WeightMatrix weights;
        private double bestMs = double.MaxValue;

        public CeilingGemm()
        {
            var random = new Random(1);
            a = [.. Enumerable.Range(0, M * K).Select(_ => random.NextSingle() - 0.5f)];
            weights = WeightMatrix.Encode([.. Enumerable.Range(0, N * K).Select(_ => random.NextSingle() - 0.5f)], N, K, DType.F32);
        }

        public double Gflops => 2.0 * M * K * N / (bestMs * 1e6);

        /// <summary>Times three products in f32.</summary>
        public void Run()
        {
            using Int8Compute.Scope scope = Int8Compute.Use(ComputePrecision.F32);
            for (int i = 0; i < 3; i++)
            {
                long start = Stopwatch.GetTimestamp();
                MatMul.MultiplyTransposed(a, M, weights, c);
                bestMs = Math.Min(bestMs, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
    }
}
