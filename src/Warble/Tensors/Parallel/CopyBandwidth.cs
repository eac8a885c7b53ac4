using System.Diagnostics;

namespace Warble.Tensors.Parallel;

/// <summary>
/// Measures how fast this machine copies memory, the bound a memory-bound kernel (decode-time GEMV) is judged against:
/// bytes read per second when several threads each copy their share of a buffer.
/// </summary>
internal static class CopyBandwidth
{
    /// <summary>
    /// Median copy rate over <paramref name="runs"/> runs, in bytes per second, for a buffer of <paramref name="bytes"/>;
    /// the median, like the kernels' figures, so that a loaded machine slows both alike.
    /// </summary>
    public static double Measure(int bytes, int threads, int runs = 15)
    {
        var source = new byte[bytes];
        var destination = new byte[bytes];
        Random.Shared.NextBytes(source);
        using var pool = new WorkerPool(Math.Max(1, threads));
        var action = new CopyAction(source, destination, threads);
        var seconds = new double[runs];
        pool.For(threads, action);
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            pool.For(threads, action);
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(seconds);
        return bytes / seconds[runs / 2];
    }

    private readonly struct CopyAction(byte[] source, byte[] destination, int parts) : IRangeAction
    {
        public void Invoke(int index)
        {
            int share = (source.Length + parts - 1) / parts;
            int start = Math.Min(source.Length, index * share), end = Math.Min(source.Length, start + share);
            source.AsSpan(start, end - start).CopyTo(destination.AsSpan(start));
        }
    }
}
