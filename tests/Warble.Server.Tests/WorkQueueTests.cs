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

    [Fact]
    public async Task Queued_work_of_one_batch_key_runs_as_one_call_and_other_work_alone()
    {
        await using var queue = new WorkQueue(capacity: 16, workers: 1);
        var release = new TaskCompletionSource();
        var blocker = new WorkItem(_ => release.Task, CancellationToken.None);
        Assert.True(queue.TryEnqueue(blocker));
        await WaitUntilAsync(() => queue.Running == 1);

        var calls = new List<string[]>();
        Task RunTogether(IReadOnlyList<WorkItem> items)
        {
            calls.Add([.. items.Select(i => (string)i.Batch!.Payload)]);
            foreach (WorkItem item in items)
            {
                item.Finish(null);
            }

            return Task.CompletedTask;
        }

        WorkItem Batched(string key, string name, CancellationToken token = default) =>
            new(_ => { calls.Add([name]); return Task.CompletedTask; }, token, new WorkBatch(key, 3, RunTogether, name));

        using var giveUp = new CancellationTokenSource();
        WorkItem[] items =
        [
            Batched("a", "a1"), Batched("a", "a2"), Batched("a", "gone", giveUp.Token), Batched("a", "a3"), Batched("a", "a4"),
            Batched("b", "b1"), new WorkItem(_ => { calls.Add(["plain"]); return Task.CompletedTask; }, CancellationToken.None), Batched("a", "a5"),
        ];
        Assert.All(items, item => Assert.True(queue.TryEnqueue(item)));
        await giveUp.CancelAsync();
        release.SetResult();
        await Task.WhenAll(items.Where(i => i.Batch?.Payload as string != "gone").Select(i => i.Completion));

        // At most three a time, the cancelled one skipped (its place still counts towards the three), then each key alone.
        Assert.Equal(["a1,a2", "a3,a4", "b1", "plain", "a5"], calls.Select(c => string.Join(",", c)));
        await WaitUntilAsync(() => queue.Running == 0 && queue.Waiting == 0 && !queue.IsFull);
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
