using System.Runtime.CompilerServices;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;
using Warble.Tensors.Parallel;
using Warble.Transcription;

namespace Warble;

/// <summary>
/// A loaded speech model (Whisper or Parakeet, from any supported file) that turns audio into segments.
/// Work happens as the caller enumerates; cancelling stops at the next window.
/// </summary>
public sealed class Transcriber : IDisposable
{
    private readonly LoadedModel loaded;
    private readonly WhisperModel? whisper;
    private readonly ParakeetTranscriber? parakeet;

    private Transcriber(LoadedModel loaded, TranscriberOptions options)
    {
        this.loaded = loaded;
        if (loaded.Architecture == ModelArchitecture.Whisper)
        {
            if (options.CtcHead)
            {
                throw new ArgumentException("CtcHead: a Whisper model has no CTC head");
            }

            whisper = WhisperModel.FromLoaded(loaded);
        }
        else
        {
            parakeet = ParakeetTranscriber.FromLoaded(loaded);
            if (options.CtcHead)
            {
                parakeet.Model.UseCtcHead();
            }
        }
    }

    /// <summary>"whisper" or "parakeet".</summary>
    public string Architecture => whisper is null ? "parakeet" : "whisper";

    /// <summary>Loads a model file or folder (.pt, ggml .bin, Hugging Face folder, .nemo, .gguf); weights are memory-mapped.</summary>
    public static Task<Transcriber> LoadAsync(string path, TranscriberOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (options?.Threads is int threads)
        {
            WorkerPool.Shared.Configure(threads);
        }

        return Task.Run(() => Load(path, options ?? new TranscriberOptions()), cancellationToken);
    }

    /// <summary>The file's model, released again when the model in it cannot be set up as asked.</summary>
    private static Transcriber Load(string path, TranscriberOptions options)
    {
        LoadedModel loaded = ModelLoader.Load(path);
        try
        {
            return new Transcriber(loaded, options);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>Transcribes an audio file ('-' is standard input), yielding segments as they are decoded.</summary>
    public async IAsyncEnumerable<Segment> TranscribeAsync(string audioPath, TranscribeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new TranscribeOptions();
        float[] audio = await Task.Run(() => AudioLoader.Load(audioPath, cancellationToken), cancellationToken).ConfigureAwait(false);
        double total = audio.Length / 16000.0;
        IEnumerable<Segment> segments = whisper is null
            ? parakeet!.Transcribe(audio, cancellationToken).Segments
            : new WhisperTranscriber(whisper, whisper.Tokenizer, whisper.LogMel(audio), ToWhisperOptions(options)).Transcribe(cancellationToken);
        using IEnumerator<Segment> enumerator = segments.GetEnumerator();
        while (await Task.Run(enumerator.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            options.Progress?.Report(new TranscriptionProgress(Math.Min(enumerator.Current.End, total), total));
            yield return enumerator.Current;
        }
    }

    /// <summary>Transcribes a whole file into the openai-whisper-shaped result.</summary>
    public async Task<TranscriptionResult> TranscribeToResultAsync(string audioPath, TranscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TranscribeOptions();
        float[] audio = await Task.Run(() => AudioLoader.Load(audioPath, cancellationToken), cancellationToken).ConfigureAwait(false);
        return await Task.Run(
            () => whisper is null
                ? parakeet!.Transcribe(audio, cancellationToken)
                : new WhisperTranscriber(whisper, whisper.Tokenizer, whisper.LogMel(audio), ToWhisperOptions(options)).TranscribeToResult(cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a transcription of audio that will arrive in pieces (<see cref="TranscriptionStream"/>). Parakeet models
    /// only: Whisper decodes 30 s windows and has no streaming form here.
    /// </summary>
    public TranscriptionStream CreateStream(StreamingOptions? options = null)
    {
        ParakeetTranscriber model = parakeet ?? throw new NotSupportedException("streaming input needs a Parakeet model; Whisper decodes whole 30 s windows");
        return new TranscriptionStream(model.CreateStream(options ?? new StreamingOptions()));
    }

    /// <summary>
    /// Transcribes audio read from <paramref name="audio"/> as it arrives (a network stream, a pipe: WAV of any kind,
    /// other formats through ffmpeg), yielding each word once it is final. Parakeet models only. The stream is read
    /// to its end and left open.
    /// </summary>
    public async IAsyncEnumerable<Word> TranscribeLiveAsync(Stream audio, StreamingOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        TranscriptionStream stream = CreateStream(options);
        using ISampleSource source = await Task.Run(() => AudioLoader.Open(audio, "<stream>", leaveOpen: true), cancellationToken).ConfigureAwait(false);
        using IEnumerator<ReadOnlyMemory<float>> blocks = AudioLoader.ToSampleRate(source, AudioLoader.SampleRate, cancellationToken).GetEnumerator();
        IReadOnlyList<Word>? words;
        while ((words = await Task.Run(() => blocks.MoveNext() ? stream.Append(blocks.Current.Span, cancellationToken) : null, cancellationToken)
            .ConfigureAwait(false)) is not null)
        {
            foreach (Word word in words)
            {
                yield return word;
            }
        }

        foreach (Word word in stream.Complete(cancellationToken))
        {
            yield return word;
        }
    }

    public void Dispose() => loaded.Dispose();

    private static WhisperTranscribeOptions ToWhisperOptions(TranscribeOptions options) => new()
    {
        Temperatures = options.Temperatures,
        WordTimestamps = options.WordTimestamps,
        InitialPrompt = options.InitialPrompt,
        ConditionOnPreviousText = options.ConditionOnPreviousText,
        Decoding = new DecodingOptions
        {
            Language = options.Language,
            Task = options.Task,
            BeamSize = options.BeamSize is > 1 ? options.BeamSize : null,
            BestOf = options.BestOf,
        },
    };
}
