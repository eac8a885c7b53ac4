namespace Warble.Server.Queue;

/// <summary>
/// One request's work, waiting in a <see cref="WorkQueue"/> until a worker runs it; the request awaits
/// <see cref="Completion"/>. A request cancelled while it waits (the client hung up, the timeout passed) ends at
/// once and its work never runs; once running, the work itself sees the cancellation and stops at its next step.
/// </summary>
internal sealed class WorkItem
{
    private const int Waiting = 0;
    private const int Started = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<CancellationToken, Task> work;
    private readonly CancellationToken cancellationToken;
    private readonly CancellationTokenRegistration abandon;
    private int state;

    public WorkItem(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        this.work = work;
        this.cancellationToken = cancellationToken;
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

    /// <summary>Runs the work on the calling worker, unless the request gave up while it waited.</summary>
    public async Task RunAsync()
    {
        if (Interlocked.CompareExchange(ref state, Started, Waiting) != Waiting)
        {
            return;
        }

        try
        {
            await work(cancellationToken).ConfigureAwait(false);
            done.TrySetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            done.TrySetCanceled(cancellationToken);
        }
        catch (Exception e)
        {
            done.TrySetException(e);
        }
        finally
        {
            await abandon.DisposeAsync().ConfigureAwait(false);
        }
    }
}
