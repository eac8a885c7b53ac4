using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;
using Warble.Transcription;

namespace Warble;

/// <summary>
/// A loaded speech model (Whisper or Parakeet, from any supported file) that turns audio into text.
/// <para>
/// Thread safety: every member may be called from any number of threads at once. The weights are loaded once and
/// shared; each call owns its decoding state (key/value caches, workspaces, decoder state), rented from a pool that
/// grows to the number of calls that run together, so concurrent calls give exactly the results they give alone.
/// </para>
/// <para>
/// Work happens as the caller enumerates; cancelling stops at the next window, chunk or decode step. <see cref="Dispose"/>
/// cancels the calls in flight, waits for their current step to end and then releases the model: those calls, and
/// any later one, throw <see cref="ObjectDisposedException"/>.
/// </para>
/// </summary>
public sealed partial class Transcriber : IDisposable, IAsyncDisposable
{
    private readonly LoadedModel loaded;
    private readonly ITranscriptionPipeline pipeline;
    private readonly CallGate gate = new();
    private readonly int? threads;
    private readonly ComputePrecision compute;
    private readonly ConcurrentDictionary<int, WorkerPool> pools = new();

    private Transcriber(LoadedModel loaded, TranscriberOptions options)
    {
        this.loaded = loaded;
        threads = options.Threads;
        compute = options.Compute;
        if (loaded.Architecture == ModelArchitecture.Whisper)
        {
            pipeline = new WhisperPipeline(WhisperModel.FromLoaded(loaded));
        }
        else
        {
            var parakeet = ParakeetTranscriber.FromLoaded(loaded);
            if (options.CtcHead)
            {
                parakeet.Model.UseCtcHead();
            }

            pipeline = parakeet;
        }
    }

    /// <summary>"whisper" or "parakeet".</summary>
    public string Architecture => pipeline.Architecture;

    /// <summary>
    /// Whether <see cref="TranscribeBatchAsync"/> shares decoder steps between recordings, so that a batch decodes
    /// faster than one recording after another: Whisper, and Parakeet with a transducer head. A CTC head has no
    /// decoder steps; its batch gives the same results at the same speed and only holds more at once.
    /// </summary>
    public bool SharesDecoderSteps => pipeline.SharesDecoderSteps;

    /// <summary>Whether the model can translate speech into English (<see cref="TranscribeOptions.Task"/> "translate"): multilingual Whisper models.</summary>
    public bool SupportsTranslation => pipeline.SupportsTranslation;

    /// <summary>Whether <see cref="CreateStream"/> and <see cref="TranscribeLiveAsync"/> work: Parakeet models.</summary>
    public bool SupportsStreaming => pipeline is ParakeetTranscriber;

    /// <summary>Loads a model file or folder (.pt, ggml .bin, Hugging Face folder, .nemo, .gguf); weights are memory-mapped.</summary>
    public static Task<Transcriber> LoadAsync(string path, TranscriberOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new TranscriberOptions();
        if (options.Threads is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be between 1 and 1024");
        }

        if (!Enum.IsDefined(options.Compute))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Compute, "Compute must be F32 or Int8");
        }

        return Task.Run(() => Load(path, options), cancellationToken);
    }

    /// <summary>
    /// Transcribes <paramref name="audio"/> (a path, a <see cref="Stream"/> or samples), yielding segments as they are
    /// decoded: Whisper's per 30 s window, Parakeet's per encoded chunk.
    /// </summary>
    public async IAsyncEnumerable<Segment> TranscribeAsync(AudioInput audio, TranscribeOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options = (options ?? new TranscribeOptions()).Validate();
        ObjectDisposedException.ThrowIf(gate.IsClosed, this);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gate.Closing);
        using TranscriptionRun run = Start(audio, options, cancellation.Token);
        await foreach (Segment segment in StepsAsync(run, options, cancellationToken).ConfigureAwait(false))
        {
            yield return segment;
        }
    }

    /// <summary>Transcribes <paramref name="audio"/> into the openai-whisper-shaped result (text, segments, language).</summary>
    public async Task<TranscriptionResult> TranscribeToResultAsync(AudioInput audio, TranscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options = (options ?? new TranscribeOptions()).Validate();
        ObjectDisposedException.ThrowIf(gate.IsClosed, this);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gate.Closing);
        using TranscriptionRun run = Start(audio, options, cancellation.Token);
        var segments = new List<Segment>();
        await foreach (Segment segment in StepsAsync(run, options, cancellationToken).ConfigureAwait(false))
        {
            segments.Add(segment);
        }

        return run.ToResult(segments);
    }

    /// <summary>
    /// The model's input features: Whisper's first 30 s window as <c>transcribe()</c> hands it to the decoder
    /// [n_mels, 3000]; Parakeet's whole recording [n_mels, frames] as NeMo's preprocessor returns it.
    /// </summary>
    public Task<StageOutput> ComputeFeaturesAsync(AudioInput audio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return StepAsync(token => pipeline.Features(audio, token), PoolFor(null), cancellationToken);
    }

    /// <summary>The encoder output: Whisper's first window [n_audio_ctx, n_audio_state]; Parakeet's whole recording [frames, d_model].</summary>
    public Task<StageOutput> EncodeAsync(AudioInput audio, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        return StepAsync(token => pipeline.Encode(audio, token), PoolFor(null), cancellationToken);
    }

    /// <summary>
    /// The decoder stage on an encoder output from <see cref="EncodeAsync"/> (or saved by <c>warble encode</c>): Whisper
    /// decodes that one 30 s window with the usual options (<see cref="TranscribeOptions.ClipTimestamps"/> [0, duration]
    /// gives a clip shorter than 30 s its real length); Parakeet decodes the whole recording.
    /// </summary>
    public Task<TranscriptionResult> DecodeAsync(StageOutput encoded, TranscribeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        options = (options ?? new TranscribeOptions()).Validate();
        return StepAsync(token => pipeline.Decode(encoded, options, token), PoolFor(options.Threads), cancellationToken);
    }

    /// <summary>
    /// The speech in <paramref name="audio"/> as Silero VAD finds it and faster-whisper's <c>get_speech_timestamps</c> cuts
    /// it (the speech-detection stage on its own; any model may run it). The audio is read as a stream, never whole.
    /// </summary>
    public Task<IReadOnlyList<SpeechSpan>> DetectSpeechAsync(AudioInput audio, VadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= new VadOptions();
        return StepAsync<IReadOnlyList<SpeechSpan>>(token =>
        {
            using SpeechOnlyAudio speech = SpeechOnlyAudio.Detect(audio, options, token, keepSamples: false);
            return [.. speech.Regions.Select(r => new SpeechSpan(r.StartSeconds, r.EndSeconds))];
        }, PoolFor(null), cancellationToken);
    }

    /// <summary>Cancels the calls in flight, waits for their current step, then releases the model.</summary>
    public void Dispose()
    {
        if (gate.Close())
        {
            loaded.Dispose();
            foreach (WorkerPool pool in pools.Values)
            {
                pool.Dispose();
            }
        }
    }

    /// <summary>As <see cref="Dispose"/>, without blocking the calling thread while in-flight steps end.</summary>
    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    private TranscriptionRun Start(AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken) => options switch
    {
        { BatchSize: not null } => pipeline is WhisperPipeline whisper
            ? new BatchedSpeechRun(whisper, audio, options, cancellationToken)
            : throw new ArgumentException("BatchSize needs a Whisper model (a Parakeet model encodes long speech in one pass)"),
        { Vad: not null } => new SpeechOnlyRun(pipeline, audio, options, cancellationToken),
        _ => pipeline.Start(audio, options, cancellationToken),
    };

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

    /// <summary>
    /// Advances <paramref name="run"/> segment by segment, each step on the call's own thread (<see cref="ComputeThread"/>)
    /// and inside the gate, reporting progress with each segment.
    /// </summary>
    private async IAsyncEnumerable<Segment> StepsAsync(TranscriptionRun run, TranscribeOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var thread = new ComputeThread();
        WorkerPool pool = PoolFor(options.Threads);
        while (await thread.RunAsync(() => Step(_ => run.MoveNext(), pool, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            options.Progress?.Report(run.Progress with { Segment = run.Current });
            yield return run.Current;
        }

        options.Progress?.Report(run.Progress);
    }

    /// <summary>Runs one compute step on a worker thread (<see cref="Step{T}"/>).</summary>
    private Task<T> StepAsync<T>(Func<CancellationToken, T> step, WorkerPool pool, CancellationToken cancellationToken) =>
        Task.Run(() => Step(step, pool, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs one compute step on this thread, inside the gate (so Dispose waits for it) and with the call's pool; the step
    /// sees a token cancelled by the caller or by Dispose. A step cancelled because the transcriber is being disposed
    /// reports that, not a cancellation the caller never asked for.
    /// </summary>
    private T Step<T>(Func<CancellationToken, T> step, WorkerPool pool, CancellationToken cancellationToken)
    {
        using CallGate.Step admitted = gate.Enter();
        using WorkerPool.Scope scope = WorkerPool.Use(pool);
        using Int8Compute.Scope precision = Int8Compute.Use(compute);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, gate.Closing);
        try
        {
            return step(cancellation.Token);
        }
        catch (OperationCanceledException) when (gate.IsClosed && !cancellationToken.IsCancellationRequested)
        {
            throw new ObjectDisposedException(nameof(Transcriber), "the transcriber was disposed during the call");
        }
    }

    /// <summary>The pool of a call's thread count (the call's, else the transcriber's); every core when neither says.</summary>
    private WorkerPool PoolFor(int? callThreads) => (callThreads ?? threads) is { } count
        ? pools.GetOrAdd(count, static n => new WorkerPool(n))
        : WorkerPool.Shared;
}
