using Warble.Server.Hosting;

namespace Warble.Server.Realtime;

/// <summary>
/// Transcribes the turns of a realtime session: audio is appended as it arrives and each commit ends a turn. Parakeet
/// streams words as they become final (<see cref="StreamingTurnTranscriber"/>); Whisper transcribes each committed
/// turn whole, through the model's queue like an HTTP request (<see cref="WhisperTurnTranscriber"/>).
/// </summary>
internal abstract class TurnTranscriber
{
    /// <summary>Seconds of audio in the turn so far.</summary>
    public abstract double BufferedSeconds { get; }

    public static TurnTranscriber For(ServedModel model, string? language) => model.Transcriber.SupportsStreaming
        ? new StreamingTurnTranscriber(model.Transcriber)
        : new WhisperTurnTranscriber(model, language);

    /// <summary>Takes mono samples at <paramref name="sampleRate"/>; returns the text that became final (deltas, often none).</summary>
    public abstract Task<IReadOnlyList<string>> AppendAsync(float[] samples, int sampleRate, CancellationToken cancellationToken);

    /// <summary>Ends the turn: the deltas not yet sent and the turn's whole transcript. The next turn starts empty.</summary>
    public abstract Task<(IReadOnlyList<string> Deltas, string Transcript)> CommitAsync(CancellationToken cancellationToken);

    /// <summary>Drops the turn's audio.</summary>
    public abstract void Clear();
}
