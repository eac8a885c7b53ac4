namespace Warble.Server.Queue;

/// <summary>
/// Gives memory back when the server falls idle: half a second after the last queued request of every model has
/// finished, one aggressive, compacting collection returns the garbage of the busy period (decoded uploads, per-call
/// buffers) to the operating system, so a server that served a burst settles back near its warm-up size instead of
/// keeping the burst's peak until the next collection happens to run.
/// </summary>
internal static class IdleCollector
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(500);
    private static int busy;
    private static long generation;

    /// <summary>A request starts running.</summary>
    public static void Enter()
    {
        Interlocked.Increment(ref busy);
        Interlocked.Increment(ref generation);
    }

    /// <summary>A request has finished; the last one out arms the collection.</summary>
    public static void Leave()
    {
        if (Interlocked.Decrement(ref busy) != 0)
        {
            return;
        }

        long armed = Interlocked.Read(ref generation);
        _ = Task.Delay(Delay).ContinueWith(_ =>
        {
            if (Volatile.Read(ref busy) == 0 && Interlocked.Read(ref generation) == armed)
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            }
        }, TaskScheduler.Default);
    }
}
