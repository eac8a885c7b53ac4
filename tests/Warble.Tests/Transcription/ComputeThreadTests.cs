using Warble.Transcription;

namespace Warble.Tests.Transcription;

/// <summary>
/// <see cref="ComputeThread"/>'s end. Dispose wakes the thread inside BlockingCollection.CompleteAdding, and the thread
/// used to dispose the queue as it ended, so a Dispose right after the last step could find the queue disposed halfway
/// through (ObjectDisposedException at the end of a call: once in a 600-file CLI run). That race is too rare to force
/// here; the loop below runs it many times, and the second Dispose after the thread has ended used to throw always.
/// </summary>
public class ComputeThreadTests
{
    [Fact]
    public async Task DisposingAfterTheLastStepNeverThrows()
    {
        for (int i = 0; i < 2000; i++)
        {
            var thread = new ComputeThread();
            Assert.Equal(i, await thread.RunAsync(() => i, CancellationToken.None));
            thread.Dispose();
        }
    }

    [Fact]
    public async Task DisposingTwiceIsQuiet()
    {
        var thread = new ComputeThread();
        Assert.Equal(1, await thread.RunAsync(() => 1, CancellationToken.None));
        thread.Dispose();
        await Task.Delay(100);
        thread.Dispose();
    }
}
