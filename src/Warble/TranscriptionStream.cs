using Warble.Transcription;

namespace Warble;

/// <summary>
/// A transcription fed audio as it arrives (from a pipe, a network stream or a microphone): push 16 kHz mono samples
/// with <see cref="Append"/> and receive each word once it is final, then call <see cref="Complete"/> at the end of
/// the audio. Parakeet models only; see <see cref="StreamingOptions"/> for the delay and the cost. Not thread-safe.
/// </summary>
public sealed class TranscriptionStream
{
    private readonly ParakeetStream stream;

    internal TranscriptionStream(ParakeetStream stream) => this.stream = stream;

    /// <summary>The whole transcription (segments, words, tokens), once <see cref="Complete"/> has run.</summary>
    public TranscriptionResult Result => stream.Result;

    /// <summary>Takes the next 16 kHz mono samples; returns the words that became final, in order (often none).</summary>
    public IReadOnlyList<Word> Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default) =>
        stream.Append(samples, cancellationToken);

    /// <summary>Ends the audio: decodes the rest and returns the words not yet returned. <see cref="Result"/> is then set.</summary>
    public IReadOnlyList<Word> Complete(CancellationToken cancellationToken = default) => stream.Complete(cancellationToken);
}
