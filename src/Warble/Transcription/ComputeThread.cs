using System.Collections.Concurrent;

namespace Warble.Transcription;

/// <summary>
/// One thread that runs a call's compute steps in turn. Kernels keep per-thread scratch (GEMM packing, attention rows);
/// steps sent to the thread pool would leave such scratch on every pool thread that ever ran one, and the pool grows
/// while kernel loops block it, so a long transcription's memory would creep up. With its own thread a call's scratch
/// is planned once and released when the call ends.
/// </summary>
internal sealed class ComputeThread : IDisposable
{
    private readonly BlockingCollection<Action> work = new();
    private readonly Thread thread;

    /// <summary>
    /// The two parties that use <see cref="work"/> (the caller's <see cref="Dispose"/> and the thread's loop): the last
    /// to finish disposes it. CompleteAdding wakes the loop before it returns, so the loop disposing alone could race
    /// the end of CompleteAdding (ObjectDisposedException from the caller's Dispose).
    /// </summary>
    private int users = 2;

    private int disposed;

    public ComputeThread()
    {
        thread = new Thread(Loop) { IsBackground = true, Name = "warble-call" };
        thread.Start();
    }

    /// <summary>Runs <paramref name="step"/> on the thread; the task completes with its result or exception.</summary>
    public Task<T> RunAsync<T>(Func<T> step, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (cancellationToken.IsCancellationRequested)
        {
            completion.SetCanceled(cancellationToken);
            return completion.Task;
        }

        work.Add(() =>
        {
            try
            {
                completion.SetResult(step());
            }
            catch (OperationCanceledException e) when (e.CancellationToken.IsCancellationRequested)
            {
                completion.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        });
        return completion.Task;
    }

    /// <summary>Lets the thread finish the step in hand and end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            work.CompleteAdding();
            Release();
        }
    }

    private void Loop()
    {
        foreach (Action step in work.GetConsumingEnumerable())
        {
            step();
        }

        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref users) == 0)
        {
            work.Dispose();
        }
    }
}
