namespace Warble.Server.Queue;

/// <summary>
/// What lets queued work run as one call: a worker that takes work with this batch's <see cref="Key"/> also takes the
/// work of equal key waiting right behind it, up to <see cref="MaxItems"/>, and hands all of it to <see cref="RunAsync"/>,
/// which must <see cref="WorkItem.Finish"/> every item it is given.
/// </summary>
/// <param name="Key">Work of equal keys may share a call (for transcriptions: the same model and options).</param>
/// <param name="MaxItems">The most items one call takes.</param>
/// <param name="RunAsync">Runs claimed items together.</param>
/// <param name="Payload">What <paramref name="RunAsync"/> needs of this item (for transcriptions: its upload).</param>
internal sealed record WorkBatch(object Key, int MaxItems, Func<IReadOnlyList<WorkItem>, Task> RunAsync, object Payload)
{
    /// <summary>Whether <paramref name="other"/> may share this batch's call.</summary>
    public bool Accepts(WorkItem other) => other.Batch is { } batch && Equals(batch.Key, Key);
}
