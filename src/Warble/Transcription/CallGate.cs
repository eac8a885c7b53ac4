namespace Warble.Transcription;

/// <summary>
/// Counts the compute steps running on a <see cref="Transcriber"/>'s model, so that <see cref="Close"/> can cancel them,
/// wait for them to leave and only then let the weights be unmapped: a step that started after Close, or that reaches
/// its next cancellation check after it, fails with <see cref="ObjectDisposedException"/> instead of touching freed memory.
/// </summary>
internal sealed class CallGate
{
    private readonly Lock gate = new();
    private readonly CancellationTokenSource closing = new();
    private readonly ManualResetEventSlim idle = new(initialState: true);
    private int running;
    private bool closed;

    /// <summary>Cancelled when <see cref="Close"/> begins.</summary>
    public CancellationToken Closing => closing.Token;

    public bool IsClosed
    {
        get
        {
            lock (gate)
            {
                return closed;
            }
        }
    }

    /// <summary>Admits one compute step; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public Step Enter()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(closed, typeof(Transcriber));
            if (running++ == 0)
            {
                idle.Reset();
            }
        }

        return new Step(this);
    }

    /// <summary>Refuses new steps, cancels the running ones and waits until they have left.</summary>
    /// <returns>False when already closed.</returns>
    public bool Close()
    {
        lock (gate)
        {
            if (closed)
            {
                return false;
            }

            closed = true;
        }

        closing.Cancel();
        idle.Wait();
        return true;
    }

    private void Leave()
    {
        lock (gate)
        {
            if (--running == 0)
            {
                idle.Set();
            }
        }
    }

    /// <summary>One admitted step; disposing it leaves the gate.</summary>
    public readonly struct Step(CallGate owner) : IDisposable
    {
        public void Dispose() => owner.Leave();
    }
}
