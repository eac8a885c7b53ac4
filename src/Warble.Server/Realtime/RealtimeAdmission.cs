using Microsoft.Extensions.Options;
using Warble.Server.Hosting;

namespace Warble.Server.Realtime;

/// <summary>Counts open realtime sessions against <see cref="ServerOptions.MaxRealtimeSessions"/>.</summary>
internal sealed class RealtimeAdmission(IOptions<ServerOptions> options)
{
    private int open;

    /// <summary>Sessions open now.</summary>
    public int Open => Volatile.Read(ref open);

    /// <summary>Takes a place for a new session, or returns false when every place is taken.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref open) > options.Value.MaxRealtimeSessions)
        {
            Interlocked.Decrement(ref open);
            return false;
        }

        return true;
    }

    /// <summary>Gives back a session's place.</summary>
    public void Leave() => Interlocked.Decrement(ref open);
}
