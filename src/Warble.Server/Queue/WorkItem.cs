namespace Warble.Server.Queue;

/// <summary>One request's work, waiting in a <see cref="WorkQueue"/> until a worker runs it; the request awaits <see cref="Completion"/>.</summary>
internal sealed class WorkItem(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ends when the work has run (or failed, or was cancelled while it waited).</summary>
    public Task Completion => done.Task;

    /// <summary>Runs the work on the calling worker, unless the request gave up while it waited.</summary>
    public async Task RunAsync()
    {
        if (cancellationToken.IsCancellationRequested)
        {
            done.TrySetCanceled(cancellationToken);
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
    }
}
