using System.CommandLine;
using System.Diagnostics;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Cli.Commands;

/// <summary>What the bench commands share: the --threads option and timing by the minimum of runs.</summary>
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
