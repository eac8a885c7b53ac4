using System.CommandLine;
using System.Diagnostics;
using Warble.Tensors.Parallel;

namespace Warble.Cli.Commands;

/// <summary>What the bench commands share: the --threads option and timing by the minimum of runs.</summary>
internal static class BenchOptions
{
    public static int ThreadCount { get; private set; } = Environment.ProcessorCount;

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
