using System.Diagnostics;

namespace Warble.Tensors.Parallel;

/// <summary>
/// Persistent worker threads for the compute kernels: threads start once, a call hands out loop indices through one
/// atomic counter (so a loaded core simply takes fewer), and the calling thread works too. Calls made while the pool is
/// busy (nested loops, or a second caller) run inline on the calling thread instead of waiting.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _start = new(0);
    private readonly ManualResetEventSlim _done = new(false, spinCount: 2000);
    private readonly List<Thread> _threads = [];
    private PoolJob? _job;
    private int _pending;
    private bool _disposed;

    [ThreadStatic]
    private static bool t_insideLoop;

    /// <summary>Creates a pool that runs loops on <paramref name="threadCount"/> threads, the caller included.</summary>
    public WorkerPool(int threadCount) => Configure(threadCount);

    [ThreadStatic]
    private static WorkerPool? t_current;

    /// <summary>The process-wide pool, <see cref="Environment.ProcessorCount"/> threads: what kernels use outside a <see cref="Use"/> scope.</summary>
    public static WorkerPool Shared { get; } = new(Environment.ProcessorCount);

    /// <summary>The pool the kernels on this thread use: the one a <see cref="Use"/> scope set, else <see cref="Shared"/>.</summary>
    public static WorkerPool Current => t_current ?? Shared;

    /// <summary>
    /// Makes <paramref name="pool"/> the one kernels use on this thread until the scope is disposed: a transcription's
    /// degree of parallelism without touching process-wide state.
    /// </summary>
    public static Scope Use(WorkerPool pool)
    {
        WorkerPool? previous = t_current;
        t_current = pool;
        return new Scope(previous);
    }

    /// <summary>Threads a loop runs on, the calling thread included.</summary>
    public int ThreadCount { get; private set; }

    /// <summary>Sets the number of threads loops run on (at least 1); extra worker threads start on first need.</summary>
    public void Configure(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ThreadCount = threadCount;
        }
    }

    /// <summary>
    /// Runs <c>action.Invoke(i)</c> once for every i in [0, <paramref name="count"/>) on up to
    /// <see cref="ThreadCount"/> threads and returns when all are done; the first exception thrown is rethrown.
    /// </summary>
    public void For<TAction>(int count, in TAction action)
        where TAction : struct, IRangeAction
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int helpers = Math.Min(ThreadCount, count) - 1;
        if (helpers <= 0 || t_insideLoop || !_gate.TryEnter())
        {
            RunInline(count, action);
            return;
        }

        PoolJob<TAction> job = PoolJob<TAction>.Rent();
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            EnsureThreads(helpers);
            job.Begin(action, count);
            _job = job;
            _pending = helpers;
            _done.Reset();
            _start.Release(helpers);
            RunJob(job);
            ReclaimUnstartedHelpers();
            _done.Wait();
            _job = null;
            job.ThrowIfFailed();
        }
        finally
        {
            job.End();
            PoolJob<TAction>.Return(job);
            _gate.Exit();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _job = null;
            if (_threads.Count > 0)
            {
                _start.Release(_threads.Count);
            }
        }
    }

    // Once the caller has drained the job, the start permits no helper has taken yet are taken back: those helpers
    // would only wake to find nothing left, and on a loaded core that wake-up can take far longer than the work.
    // A helper that did take a permit runs the current job (cleared only after _pending reaches 0) and checks out.
    private void ReclaimUnstartedHelpers()
    {
        int reclaimed = 0;
        while (_start.Wait(0))
        {
            reclaimed++;
        }

        if (reclaimed > 0 && Interlocked.Add(ref _pending, -reclaimed) == 0)
        {
            _done.Set();
        }
    }

    private static void RunInline<TAction>(int count, TAction action)
        where TAction : struct, IRangeAction
    {
        for (int i = 0; i < count; i++)
        {
            action.Invoke(i);
        }
    }

    private static void RunJob(PoolJob job)
    {
        bool outer = t_insideLoop;
        t_insideLoop = true;
        try
        {
            job.Drain();
        }
        finally
        {
            t_insideLoop = outer;
        }
    }

    private void EnsureThreads(int helpers)
    {
        while (_threads.Count < helpers)
        {
            var thread = new Thread(WorkerLoop) { IsBackground = true, Name = $"warble-worker-{_threads.Count + 1}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    private void WaitForStart()
    {
        // How long a helper polls for the next job before blocking (KernelSettings.PoolSpinMicroseconds says why).
        long deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 1_000_000 * KernelSettings.PoolSpinMicroseconds);
        do
        {
            if (_start.CurrentCount > 0 && _start.Wait(0))
            {
                return;
            }

            Thread.SpinWait(16);
        }
        while (Stopwatch.GetTimestamp() < deadline);

        _start.Wait();
    }

    private void WorkerLoop()
    {
        while (true)
        {
            WaitForStart();
            PoolJob? job = _job;
            if (job is null)
            {
                return;
            }

            RunJob(job);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Set();
            }
        }
    }

    /// <summary>Restores the pool that was current before <see cref="Use"/>.</summary>
    public readonly struct Scope(WorkerPool? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
