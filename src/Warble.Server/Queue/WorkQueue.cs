using System.Threading.Channels;

namespace Warble.Server.Queue;

/// <summary>
/// One model's bounded queue of requests and the workers that run them: at most <c>workers</c> run at once, at most
/// <c>capacity</c> wait. <see cref="TryEnqueue"/> never blocks: a full queue is the caller's cue to answer 429.
/// </summary>
internal sealed class WorkQueue : IAsyncDisposable
{
    private readonly Channel<WorkItem> channel;
    private readonly Task[] workers;
    private int running;
    private int admitted;

    public WorkQueue(int capacity, int workers)
    {
        // A capacity of 0 means "no waiting": the channel still needs one slot, and admission counts running work too.
        Capacity = capacity;
        Workers = workers;
        channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(Math.Max(1, capacity + workers))
        {
            SingleWriter = false,
            SingleReader = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
        this.workers = [.. Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync))];
    }

    /// <summary>Requests allowed to wait beyond those running.</summary>
    public int Capacity { get; }

    /// <summary>Requests that run at once.</summary>
    public int Workers { get; }

    /// <summary>Requests waiting for a worker.</summary>
    public int Waiting => channel.Reader.Count;

    /// <summary>Requests a worker is running now.</summary>
    public int Running => Volatile.Read(ref running);

    /// <summary>Whether a new request would be turned away now.</summary>
    public bool IsFull => Volatile.Read(ref admitted) >= Capacity + Workers;

    /// <summary>Queues <paramref name="item"/>, or returns false at once when the queue is full.</summary>
    public bool TryEnqueue(WorkItem item)
    {
        if (Interlocked.Increment(ref admitted) > Capacity + Workers || !channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref admitted);
            return false;
        }

        return true;
    }

    /// <summary>Refuses new work, lets the workers finish what is queued, and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        channel.Writer.TryComplete();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    private async Task WorkAsync()
    {
        await foreach (WorkItem item in channel.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            List<WorkItem> group = [item];
            WorkItem? other = null;
            while (item.Batch is { } batch && group.Count < batch.MaxItems && channel.Reader.TryPeek(out WorkItem? next) && batch.Accepts(next)
                && channel.Reader.TryRead(out WorkItem? taken))
            {
                // Another worker may have taken the peeked item first: what was read then runs after this group.
                if (!batch.Accepts(taken))
                {
                    other = taken;
                    break;
                }

                group.Add(taken);
            }

            await RunAsync(group).ConfigureAwait(false);
            if (other is not null)
            {
                await RunAsync([other]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs one item, or several of one batch key as one call; work whose request gave up while it waited is skipped.</summary>
    private async Task RunAsync(List<WorkItem> group)
    {
        Interlocked.Add(ref running, group.Count);
        IdleCollector.Enter();
        try
        {
            List<WorkItem> started = [.. group.Where(item => item.TryStart())];
            if (started.Count == 1)
            {
                await started[0].RunStartedAsync().ConfigureAwait(false);
            }
            else if (started.Count > 1)
            {
                await started[0].Batch!.RunAsync(started).ConfigureAwait(false);
            }
        }
        finally
        {
            Interlocked.Add(ref running, -group.Count);
            Interlocked.Add(ref admitted, -group.Count);
            IdleCollector.Leave();
        }
    }
}
