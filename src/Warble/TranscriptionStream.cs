using Warble.Tensors.Parallel;
using Warble.Transcription;

namespace Warble;

/// <summary>
/// A transcription fed audio as it arrives (from a pipe, a network stream or a microphone): push 16 kHz mono samples
/// with <see cref="Append"/> and receive each word once it is final, then call <see cref="Complete"/> at the end of
/// the audio. Parakeet models only; see <see cref="StreamingOptions"/> for the delay and the cost. One stream is fed
/// by one thread at a time; any number of streams may run on one <see cref="Transcriber"/> at once.
/// </summary>
public sealed class TranscriptionStream
{
    private readonly ParakeetStream stream;
    private readonly Transcriber owner;
    private readonly WorkerPool pool;

    private readonly IProgress<TranscriptionProgress>? progress;

    internal TranscriptionStream(ParakeetStream stream, Transcriber owner, WorkerPool pool, IProgress<TranscriptionProgress>? progress)
    {
        this.progress = progress;
        this.stream = stream;
        this.owner = owner;
        this.pool = pool;
    }

    /// <summary>The whole transcription (segments, words, tokens), once <see cref="Complete"/> has run.</summary>
    public TranscriptionResult Result => stream.Result;

    /// <summary>Takes the next 16 kHz mono samples; returns the words that became final, in order (often none).</summary>
    public IReadOnlyList<Word> Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        // The span cannot enter a lambda: the samples are copied into the stream's buffer first, then decoded in a step.
        stream.Buffer(samples);
        IReadOnlyList<Word> words = owner.RunStreamingStep(token => stream.DecodeReady(token), pool, cancellationToken);
        progress?.Report(stream.Progress);
        return words;
    }

    /// <summary>Ends the audio: decodes the rest and returns the words not yet returned. <see cref="Result"/> is then set.</summary>
    public IReadOnlyList<Word> Complete(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Word> words = owner.RunStreamingStep(stream.Complete, pool, cancellationToken);
        progress?.Report(stream.Progress with { Seconds = stream.Progress.TotalSeconds });
        return words;
    }
}
