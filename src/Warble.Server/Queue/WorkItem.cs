namespace Warble.Server.Queue;

/// <summary>
/// One request's work, waiting in a <see cref="WorkQueue"/> until a worker runs it; the request awaits
/// <see cref="Completion"/>. A request cancelled while it waits (the client hung up, the timeout passed) ends at
/// once and its work never runs; once running, the work itself sees the cancellation and stops at its next step.
/// Work with a <see cref="Batch"/> may instead run together with other queued work of the same batch key, as one call.
/// </summary>
internal sealed class WorkItem
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<CancellationToken, Task> work;
    private readonly CancellationTokenRegistration abandon;
    private int state;

    public WorkItem(Func<CancellationToken, Task> work, CancellationToken cancellationToken, WorkBatch? batch = null)
    {
        this.work = work;
        CancellationToken = cancellationToken;
        Batch = batch;
        abandon = cancellationToken.Register(() =>
        {
            if (Interlocked.CompareExchange(ref state, Abandoned, Waiting) == Waiting)
            {
                done.TrySetCanceled(cancellationToken);
            }
        });
    }

    /// <summary>Ends when the work has run (or failed), or when the request gave up while it waited.</summary>
    public Task Completion => done.Task;

    /// <summary>How this work may join a batch; null when it always runs alone.</summary>
    public WorkBatch? Batch { get; }

    /// <summary>The request's cancellation: the client hanging up or its timeout.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Runs the work on the calling worker, unless the request gave up while it waited.</summary>
    public async Task RunAsync()
    {
        if (TryStart())
        {
            await RunStartedAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Claims the work for a worker; false when the request gave up while it waited.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref state, Started, Waiting) == Waiting;

    /// <summary>Runs work that <see cref="TryStart"/> claimed, on its own.</summary>
    public async Task RunStartedAsync()
    {
        try
        {
            await work(CancellationToken).ConfigureAwait(false);
            Finish(null);
        }
        catch (Exception e)
        {
            Finish(e);
        }
    }

    /// <summary>Ends claimed work: done, cancelled (when the request's own token asked for it) or failed.</summary>
    public void Finish(Exception? error)
    {
        if (error is null)
        {
            done.TrySetResult();
        }
        else if (error is OperationCanceledException && CancellationToken.IsCancellationRequested)
        {
            done.TrySetCanceled(CancellationToken);
        }
        else
        {
            done.TrySetException(error);
        }

        abandon.Dispose();
    }
}
