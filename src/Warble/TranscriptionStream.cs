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
    private readonly SpeechGate? gate;
    private TranscriptionResult? result;

    internal TranscriptionStream(ParakeetStream stream, Transcriber owner, WorkerPool pool, IProgress<TranscriptionProgress>? progress, VadOptions? vad)
    {
        this.progress = progress;
        this.stream = stream;
        this.owner = owner;
        this.pool = pool;
        gate = vad is null ? null : new SpeechGate(vad);
    }

    /// <summary>The whole transcription (segments, words, tokens), once <see cref="Complete"/> has run.</summary>
    public TranscriptionResult Result => result ?? stream.Result;

    /// <summary>Takes the next 16 kHz mono samples; returns the words that became final, in order (often none).</summary>
    public IReadOnlyList<Word> Append(ReadOnlySpan<float> samples, CancellationToken cancellationToken = default)
    {
        // The span cannot enter a lambda: the samples are copied into the stream's (or detector's) buffer first, then
        // decoded in a step.
        if (gate is null)
        {
            stream.Buffer(samples);
        }
        else
        {
            gate.Buffer(samples);
        }

        IReadOnlyList<Word> words = owner.RunStreamingStep(token =>
        {
            gate?.Decide(stream.Buffer);
            return Restore(stream.DecodeReady(token));
        }, pool, cancellationToken);
        progress?.Report(Progress);
        return words;
    }

    /// <summary>Ends the audio: decodes the rest and returns the words not yet returned. <see cref="Result"/> is then set.</summary>
    public IReadOnlyList<Word> Complete(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<Word> words = owner.RunStreamingStep(token =>
        {
            gate?.Complete(stream.Buffer);
            return Restore(stream.Complete(token));
        }, pool, cancellationToken);
        if (gate is not null)
        {
            // As the whole-recording --vad: every time in the result is taken back to the audio received.
            TranscriptionResult joined = stream.Result;
            result = gate.Map is { } map ? joined with { Segments = [.. joined.Segments.Select(s => SpeechOnlyRun.Restore(s, map))] } : joined;
        }

        progress?.Report(Progress with { Seconds = Progress.TotalSeconds });
        return words;
    }

    /// <summary>Seconds decoded and received, on the timeline of the audio received.</summary>
    private TranscriptionProgress Progress => gate is null
        ? stream.Progress
        : new(gate.Map is { } map ? Math.Min(map.GetOriginalTime(stream.Progress.Seconds, isEnd: true), gate.Seconds) : 0, gate.Seconds);

    private IReadOnlyList<Word> Restore(IReadOnlyList<Word> words) =>
        gate?.Map is { } map ? [.. words.Select(w => SpeechOnlyRun.Restore(w, map))] : words;
}
