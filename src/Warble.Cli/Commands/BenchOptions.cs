using System.CommandLine;
using System.Diagnostics;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Cli.Commands;

/// <summary>What the bench commands share: the --threads, --dtype and --json options and timing by the minimum of runs.</summary>
internal static class BenchOptions
{
    public static int ThreadCount { get; private set; } = Environment.ProcessorCount;

    /// <summary>
    /// The widest kernels this CPU runs at full speed (Vector512, Vector256 or Vector128): an AVX2 machine's decode
    /// differs from an AVX-512 one's, so reports name which ran.
    /// </summary>
    public static string Kernels => GemmPaths.Best.ToString();

    public static Option<int> Threads() => new("--threads", "-t")
    {
        Description = "worker threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    /// <summary>The model benches' --dtype: the type the random weight matrices are stored in.</summary>
    public static Option<string> WeightType() => ChoiceOption.Create("--dtype", "f16",
        "weight type of the matrices: f32, f16 (what `warble convert` writes) or q8_0", "f32", "f16", "q8_0");

    /// <summary>The value of a <see cref="WeightType()"/> option (its choices all parse).</summary>
    public static DType WeightType(ParseResult parse, Option<string> option)
    {
        DTypeInfo.TryParse(parse.GetValue(option)!, out DType type);
        return type;
    }

    /// <summary>The model benches' --json.</summary>
    public static Option<bool> Json() => new("--json") { Description = "print one JSON object as the last line" };

    public static void ApplyThreads(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1, got {threads}");
        }

        ThreadCount = threads;
        WorkerPool.Shared.Configure(threads);
        KernelSettings.ApplyEnvironment();
    }

    /// <summary>Runs <paramref name="action"/> <paramref name="runs"/> times after one warm-up; the fastest in ms.</summary>
    public static double MinimumMs(int runs, Action action) => MinimumMs(runs, () =>
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    });

    /// <summary>As above, for actions that time themselves.</summary>
    public static double MinimumMs(int runs, Func<double> timedAction)
    {
        timedAction();
        double best = double.MaxValue;
        for (int i = 0; i < runs; i++)
        {
            best = Math.Min(best, timedAction());
        }

        return best;
    }
}
