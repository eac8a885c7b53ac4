using Warble.Server.Queue;

namespace Warble.Server.Tests;

/// <summary>The bounded per-model queue: admission, refusal when full, and requests that give up while they wait.</summary>
public sealed class WorkQueueTests
{
    [Fact]
    public async Task A_full_queue_refuses_and_a_request_cancelled_while_waiting_ends_at_once_without_running()
    {
        await using var queue = new WorkQueue(capacity: 1, workers: 1);
        var release = new TaskCompletionSource();
        var running = new WorkItem(_ => release.Task, CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        bool waitingRan = false;
        var waiting = new WorkItem(_ => Task.FromResult(waitingRan = true), giveUp.Token);

        Assert.True(queue.TryEnqueue(running));
        await WaitUntilAsync(() => queue.Running == 1);
        Assert.True(queue.TryEnqueue(waiting));
        Assert.True(queue.IsFull);
        Assert.False(queue.TryEnqueue(new WorkItem(_ => Task.CompletedTask, CancellationToken.None)));

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.Completion.WaitAsync(TimeSpan.FromSeconds(1)));
        release.SetResult();
        await running.Completion;
        await WaitUntilAsync(() => !queue.IsFull && queue.Running == 0 && queue.Waiting == 0);
        Assert.False(waitingRan);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
