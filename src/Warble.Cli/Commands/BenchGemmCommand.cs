using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;

namespace Warble.Cli.Commands;

/// <summary>
/// `warble bench gemm M K N`: times C[M, N] = A[M, K] · B[N, K]ᵀ with B stored in a chosen dtype (F.linear, the
/// product every model layer runs); reports median and minimum milliseconds and GFLOP/s, and for decode-sized M the
/// weight bandwidth against this machine's copy bandwidth.
/// </summary>
internal static class BenchGemmCommand
{
    /// <summary>Up to this many rows the product is memory-bound, so bandwidth is the measure that matters.</summary>
    private const int DecodeRows = 8;

    public static Command Create()
    {
        var m = new Argument<int>("M") { Description = "Rows of A and C (tokens or frames)" };
        var k = new Argument<int>("K") { Description = "Input features" };
        var n = new Argument<int>("N") { Description = "Output features" };
        var dtype = new Option<string>("--dtype") { Description = "Weight dtype: f32, f16, bf16 or q8_0", DefaultValueFactory = _ => "f32" };
        var threads = BenchOptions.Threads();
        var runs = new Option<int>("--runs") { Description = "Timed runs after one warm-up", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "End with one JSON line of the results" };
        var compute = BenchCompute.Create();
        var command = new Command("gemm", "Time the matrix multiply (A f32 × weightsᵀ in a stored dtype)") { m, k, n, dtype, threads, runs, compute, json };
        command.SetAction(parse =>
        {
            using Int8Compute.Scope scope = Int8Compute.Use(parse.GetValue(compute) == "int8" ? ComputePrecision.Int8 : ComputePrecision.F32);
            using Int8Compute.Scope region = Int8Compute.Region();
            return Run(parse.GetValue(m), parse.GetValue(k), parse.GetValue(n), parse.GetValue(dtype)!, parse.GetValue(threads), parse.GetValue(runs), parse.GetValue(json));
        });
        return command;
    }

    private static int Run(int m, int k, int n, string dtypeName, int threads, int runs, bool json)
    {
        if (!DTypeInfo.TryParse(dtypeName, out DType type) || type is not (DType.F32 or DType.F16 or DType.BF16 or DType.Q8_0))
        {
            throw new ArgumentException($"--dtype must be f32, f16, bf16 or q8_0, not '{dtypeName}'");
        }

        if (m < 1 || k < 1 || n < 1 || threads < 1 || runs < 1)
        {
            throw new ArgumentException("M, K, N, --threads and --runs must be at least 1");
        }

        var random = new Random(1);
        float[] a = [.. Enumerable.Range(0, m * k).Select(_ => random.NextSingle() - 0.5f)];
        float[] values = [.. Enumerable.Range(0, checked(n * k)).Select(_ => random.NextSingle() - 0.5f)];
        WeightMatrix w = WeightMatrix.Encode(values, n, k, type);
        var c = new float[m * n];
        WorkerPool.Shared.Configure(threads);
        double[] ms = Time(() => MatMul.MultiplyTransposed(a, m, w, c), runs);
        double median = ms[ms.Length / 2], gflops = 2.0 * m * k * n / (median * 1e6);
        Console.WriteLine($"gemm {m}×{k}×{n} {type.Name()}, {threads} threads, {(Int8Compute.Active ? "int8 VNNI" : GemmPaths.Best)}: median {median:F3} ms, min {ms[0]:F3} ms, {gflops:F1} GFLOP/s");
        string extra = string.Empty;
        if (m <= DecodeRows)
        {
            double weightGbs = w.Data.Length / (median * 1e6);
            double copyGbs = CopyBandwidth.Measure(w.Data.Length, threads) / 1e9;
            Console.WriteLine($"weights {weightGbs:F1} GB/s, copy bandwidth {copyGbs:F1} GB/s, ratio {weightGbs / copyGbs:F2}");
            extra = FormattableString.Invariant($",\"weight_gbs\":{weightGbs:F2},\"copy_gbs\":{copyGbs:F2}");
        }

        if (json)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"kernel\":\"gemm\",\"m\":{m},\"k\":{k},\"n\":{n},\"dtype\":\"{type.Name()}\",\"threads\":{threads},\"ms\":{median:F4},\"min_ms\":{ms[0]:F4},\"gflops\":{gflops:F2}{extra}}}"));
        }

        return 0;
    }

    /// <summary>One warm-up, then <paramref name="runs"/> timed runs, sorted ascending (milliseconds).</summary>
    private static double[] Time(Action action, int runs)
    {
        action();
        var ms = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            ms[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(ms);
        return ms;
    }
}
