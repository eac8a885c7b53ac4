using System.Runtime.CompilerServices;
using Warble.Audio;
using Warble.Tensors.Parallel;
using Warble.Transcription;

namespace Warble;

/// <summary>Audio that arrives over time (Parakeet): pushed samples, or a stream read as it comes.</summary>
public sealed partial class Transcriber
{
    /// <summary>
    /// Starts a transcription of audio that will arrive in pieces (<see cref="TranscriptionStream"/>). Parakeet models
    /// only (<see cref="SupportsStreaming"/>): Whisper decodes 30 s windows and has no streaming form here.
    /// </summary>
    public TranscriptionStream CreateStream(StreamingOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(gate.IsClosed, this);
        options ??= new StreamingOptions();
        ParakeetStream stream = pipeline.CreateStream(options);
        return new TranscriptionStream(stream, this, PoolFor(null), options.Progress, options.Vad);
    }

    /// <summary>
    /// Transcribes <paramref name="audio"/> as it arrives (a network stream, a pipe: WAV of any kind, other formats
    /// through ffmpeg), yielding each word once it is final. Parakeet models only. A stream is read to its end.
    /// </summary>
    public async IAsyncEnumerable<Word> TranscribeLiveAsync(AudioInput audio, StreamingOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        TranscriptionStream stream = CreateStream(options);
        using IEnumerator<ReadOnlyMemory<float>> blocks = AudioSamples.Blocks(audio, cancellationToken).GetEnumerator();
        using var thread = new ComputeThread();
        IReadOnlyList<Word>? words;
        while ((words = await thread.RunAsync(() => blocks.MoveNext() ? stream.Append(blocks.Current.Span, cancellationToken) : null, cancellationToken)
            .ConfigureAwait(false)) is not null)
        {
            foreach (Word word in words)
            {
                yield return word;
            }
        }

        foreach (Word word in await thread.RunAsync(() => stream.Complete(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            yield return word;
        }
    }

    /// <summary>Runs a streaming step on the caller's thread inside the gate, with the transcriber's pool.</summary>
    internal T RunStreamingStep<T>(Func<CancellationToken, T> step, WorkerPool pool, CancellationToken cancellationToken) =>
        Step(step, pool, cancellationToken);
}
