using Warble.Tensors.Parallel;

namespace Warble.Tests.Gemm;

public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 1000)]
    [InlineData(2, 1)]
    [InlineData(2, 1000)]
    [InlineData(4, 257)]
    public void RunsEveryIndexExactlyOnce(int threads, int count)
    {
        using var pool = new WorkerPool(threads);
        for (int round = 0; round < 20; round++)
        {
            var hits = new int[count];
            pool.For(count, new CountAction(hits));
            Assert.All(hits, h => Assert.Equal(1, h));
        }
    }

    [Fact]
    public void BackToBackTinyLoopsRunEveryIndexOnce()
    {
        // Tiny loops finish before most helpers wake: their start permits are reclaimed, and no permit may leak into
        // (or be missing from) the next loop.
        using var pool = new WorkerPool(6);
        var hits = new int[3];
        for (int call = 0; call < 20_000; call++)
        {
            pool.For(1 + (call % 3), new CountAction(hits));
        }

        Assert.Equal([20_000, 13_333, 6_666], hits);
    }

    [Fact]
    public void NestedLoopsRunInline()
    {
        using var pool = new WorkerPool(2);
        var hits = new int[16 * 16];
        pool.For(16, new NestedAction(pool, hits));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void PropagatesExceptionsAndStaysUsable()
    {
        using var pool = new WorkerPool(2);
        var e = Assert.Throws<InvalidOperationException>(() => pool.For(100, new ThrowAction(37)));
        Assert.Equal("index 37", e.Message);
        var hits = new int[100];
        pool.For(100, new CountAction(hits));
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Fact]
    public void RejectsBadArguments()
    {
        using var pool = new WorkerPool(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Configure(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.For(-1, new CountAction([])));
        pool.Configure(3);
        Assert.Equal(3, pool.ThreadCount);
    }

    private readonly struct CountAction(int[] hits) : IRangeAction
    {
        public void Invoke(int index) => Interlocked.Increment(ref hits[index]);
    }

    private readonly struct NestedAction(WorkerPool pool, int[] hits) : IRangeAction
    {
        public void Invoke(int index) => pool.For(16, new OffsetAction(hits, index * 16));
    }

    private readonly struct OffsetAction(int[] hits, int offset) : IRangeAction
    {
        public void Invoke(int index) => Interlocked.Increment(ref hits[offset + index]);
    }

    private readonly struct ThrowAction(int failing) : IRangeAction
    {
        public void Invoke(int index)
        {
            if (index == failing)
            {
                throw new InvalidOperationException($"index {index}");
            }
        }
    }
}
