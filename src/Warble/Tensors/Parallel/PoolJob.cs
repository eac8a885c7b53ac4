using System.Runtime.ExceptionServices;

namespace Warble.Tensors.Parallel;

/// <summary>One running loop of a <see cref="WorkerPool"/>: hands out indices and records the first failure.</summary>
internal abstract class PoolJob
{
    private int _next;
    private int _count;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Takes indices until none are left (or one has failed) and runs them.</summary>
    public void Drain()
    {
        while (true)
        {
            int index = Interlocked.Increment(ref _next) - 1;
            if (index >= _count || Volatile.Read(ref _failure) is not null)
            {
                return;
            }

            try
            {
                Invoke(index);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
    }

    public void ThrowIfFailed() => _failure?.Throw();

    protected void Reset(int count)
    {
        _next = 0;
        _count = count;
        _failure = null;
    }

    protected abstract void Invoke(int index);
}
