using Warble.Server.Queue;

namespace Warble.Server.Hosting;

/// <summary>A loaded model as clients name it, with the queue that feeds its transcriptions.</summary>
internal sealed class ServedModel(string name, Transcriber transcriber, WorkQueue queue, DateTimeOffset loaded) : IAsyncDisposable
{
    public string Name { get; } = name;

    public Transcriber Transcriber { get; } = transcriber;

    public WorkQueue Queue { get; } = queue;

    /// <summary>When it was loaded (the <c>created</c> of its model object).</summary>
    public DateTimeOffset Loaded { get; } = loaded;

    /// <summary>Lets queued work finish, then releases the model.</summary>
    public async ValueTask DisposeAsync()
    {
        await Queue.DisposeAsync().ConfigureAwait(false);
        await Transcriber.DisposeAsync().ConfigureAwait(false);
    }
}
