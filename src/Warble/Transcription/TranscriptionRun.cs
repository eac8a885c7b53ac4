namespace Warble.Transcription;

/// <summary>
/// One transcription in progress, advanced a segment at a time by <see cref="Transcriber"/> (each advance is one
/// compute step on a worker thread). It owns the call's state: decoder sessions, feature spools, the audio decoder.
/// </summary>
internal abstract class TranscriptionRun : IDisposable
{
    /// <summary>The segment the last successful <see cref="MoveNext"/> produced.</summary>
    public Segment Current { get; protected set; } = null!;

    /// <summary>Seconds of audio decoded so far, of the total once the audio has been read.</summary>
    public TranscriptionProgress Progress { get; protected set; }

    /// <summary>Decodes until the next segment is final; false once the audio is done.</summary>
    public abstract bool MoveNext();

    /// <summary>The openai-shaped result of the segments this run produced.</summary>
    public abstract TranscriptionResult ToResult(IReadOnlyList<Segment> segments);

    /// <summary>Runs to the end on this thread and returns the result.</summary>
    public TranscriptionResult ReadToEnd()
    {
        var segments = new List<Segment>();
        while (MoveNext())
        {
            segments.Add(Current);
        }

        return ToResult(segments);
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
