using System.Collections.Concurrent;
using System.Globalization;
using Warble.Audio;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;
using Warble.Text;

namespace Warble.Transcription;

/// <summary>
/// Whisper behind the front door: the shared model, and a pool of decoder sessions (KV caches, workspaces) that calls
/// rent for their duration, so the pool grows to the largest number of calls that ran at once and no further.
/// </summary>
internal sealed class WhisperPipeline(WhisperModel model) : ITranscriptionPipeline
{
    private readonly ConcurrentBag<WhisperSession> idle = [];
    private WhisperBatchSession? idleBatch;

    public WhisperModel Model => model;

    public string Architecture => "whisper";

    public bool SharesDecoderSteps => true;

    public bool SupportsTranslation => model.Dims.IsMultilingual;

    public TranscriptionRun Start(AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken) =>
        new WhisperRun(this, audio, ToWhisperOptions(options), cancellationToken);

    public StageOutput Features(AudioInput audio, CancellationToken cancellationToken) =>
        new(FirstWindow(audio, cancellationToken), [model.Dims.NMels, WhisperLogMel.NFrames]);

    public StageOutput Encode(AudioInput audio, CancellationToken cancellationToken)
    {
        float[] window = FirstWindow(audio, cancellationToken);
        var output = new float[model.Dims.NAudioCtx * model.Dims.NAudioState];
        model.Encoder.Forward(window, output);
        return new StageOutput(output, [model.Dims.NAudioCtx, model.Dims.NAudioState]);
    }

    /// <summary>The recordings' windows encoded and decoded together, round by round (<see cref="WhisperBatchTranscription"/>).</summary>
    public IReadOnlyList<TranscriptionResult> TranscribeBatch(IReadOnlyList<AudioInput> inputs, TranscribeOptions options, CancellationToken cancellationToken) =>
        WhisperBatchTranscription.Run(this, inputs, options, cancellationToken);

    public TranscriptionResult Decode(StageOutput encoded, TranscribeOptions options, CancellationToken cancellationToken)
    {
        if (encoded.Shape is not [int ctx, int state] || ctx != model.Dims.NAudioCtx || state != model.Dims.NAudioState)
        {
            throw new ArgumentException($"the Whisper decoder takes an encoder output of shape [{model.Dims.NAudioCtx}, {model.Dims.NAudioState}], not [{string.Join(", ", encoded.Shape)}]");
        }

        WhisperSession session = Rent();
        try
        {
            // The window loop over one 30 s window whose encoder output is given: every "encode" binds it again, and
            // the loop stops at the first segment of a later window, which this stage has no audio for.
            var window = new EncodedWindow(session, encoded.Values);
            var transcriber = new WhisperTranscriber(window, model.Tokenizer, new EmptyWindows(model.Dims.NMels), ToWhisperOptions(options));
            var segments = new List<Segment>();
            foreach (Segment segment in transcriber.Transcribe(cancellationToken))
            {
                if (segment.Seek != 0)
                {
                    break;
                }

                segments.Add(segment);
            }

            return new TranscriptionResult(transcriber.Text, transcriber.Language ?? "en", segments);
        }
        finally
        {
            Return(session);
        }
    }

    public ParakeetStream CreateStream(StreamingOptions options) =>
        throw new NotSupportedException("streaming input needs a Parakeet model; Whisper decodes whole 30 s windows");

    /// <summary>
    /// A batch session for at least <paramref name="windows"/> windows: the idle one when it is large enough, else a new
    /// one; give it back with <see cref="ReturnBatch"/>. Batch sessions hold hundreds of megabytes, so reusing one spares
    /// a server's batches that much allocation each.
    /// </summary>
    public WhisperBatchSession RentBatch(int windows)
    {
        WhisperBatchSession? session = Interlocked.Exchange(ref idleBatch, null);
        return session is not null && session.Capacity >= windows ? session : new WhisperBatchSession(model, windows);
    }

    /// <summary>
    /// Keeps one idle batch session at most, the larger, so the pool stays bounded however batch sizes vary; one planned
    /// for more windows than a pass holds (<c>--vad --batch-size</c> asks for up to 64) is let go.
    /// </summary>
    public void ReturnBatch(WhisperBatchSession session)
    {
        if (session.Capacity > WhisperBatchTranscription.WindowsPerPass(model.Dims))
        {
            return;
        }

        WhisperBatchSession? previous = Interlocked.Exchange(ref idleBatch, session);
        if (previous is not null && previous.Capacity > session.Capacity)
        {
            Interlocked.CompareExchange(ref idleBatch, previous, session);
        }
    }

    /// <summary>A session for one call; give it back with <see cref="Return"/>.</summary>
    public WhisperSession Rent() => idle.TryTake(out WhisperSession? session) ? session : new WhisperSession(model);

    public void Return(WhisperSession session) => idle.Add(session);

    /// <summary>The whole file's log-mel, padded as <c>transcribe()</c> pads it, read window by window; dispose it after use.</summary>
    public MelSpool LogMel(AudioInput audio, CancellationToken cancellationToken) => MelSpool.Read(audio, model.MelFilters, cancellationToken);

    /// <summary>openai <c>cli()</c>/<c>transcribe()</c>'s arguments from the public options, checked.</summary>
    public static WhisperTranscribeOptions ToWhisperOptions(TranscribeOptions options) => new()
    {
        Temperatures = options.Temperatures,
        CompressionRatioThreshold = options.CompressionRatioThreshold,
        LogprobThreshold = options.LogprobThreshold,
        NoSpeechThreshold = options.NoSpeechThreshold,
        ConditionOnPreviousText = options.ConditionOnPreviousText,
        InitialPrompt = options.InitialPrompt,
        CarryInitialPrompt = options.CarryInitialPrompt,
        WordTimestamps = options.WordTimestamps,
        PrependPunctuations = options.PrependPunctuations,
        AppendPunctuations = options.AppendPunctuations,
        ClipTimestamps = options.ClipTimestamps.Count == 0 ? "0" : string.Join(',', options.ClipTimestamps.Select(t => t.ToString("R", CultureInfo.InvariantCulture))),
        HallucinationSilenceThreshold = options.HallucinationSilenceThreshold,
        Seed = options.Seed,
        Decoding = new DecodingOptions
        {
            Task = options.Task,
            Language = options.Language is { } language
                ? WhisperLanguages.ToCode(language) ?? throw new ArgumentException($"unknown language '{language}' (a code such as \"en\" or a name such as \"English\")")
                : null,
            BeamSize = options.BeamSize is > 1 ? options.BeamSize : null,
            BestOf = options.BestOf,
            Patience = options.BeamSize is > 1 ? options.Patience : null,
            LengthPenalty = options.LengthPenalty,
            SampleLen = options.SampleLen,
            SuppressTokens = string.Join(',', options.SuppressTokens.Select(t => t.ToString(CultureInfo.InvariantCulture))),
            SuppressBlank = options.SuppressBlank,
            WithoutTimestamps = options.WithoutTimestamps,
            MaxInitialTimestamp = options.MaxInitialTimestamp,
            Prefix = options.Prefix,
            RepetitionLimit = options.RepetitionLimit,
        },
    };

    private float[] FirstWindow(AudioInput audio, CancellationToken cancellationToken)
    {
        using MelSpool mel = LogMel(audio, cancellationToken);
        var window = new float[model.Dims.NMels * WhisperLogMel.NFrames];
        mel.ReadWindow(0, Math.Min(WhisperLogMel.NFrames, mel.ContentFrames), window);
        return window;
    }

    /// <summary>A session that "encodes" every window as the one encoder output given.</summary>
    private sealed class EncodedWindow(WhisperSession session, float[] encoded) : IWhisperModel
    {
        public int NAudioCtx => session.NAudioCtx;

        public int NTextCtx => session.NTextCtx;

        public int NVocab => session.NVocab;

        public Models.Whisper.Decoding.IWhisperDecoderSession Encode(ReadOnlySpan<float> mel) => session.Bind(encoded);
    }

    /// <summary>One 30 s window of nothing: the decode stage's loop never reads mel frames (the encoder output is given).</summary>
    private sealed class EmptyWindows(int nMels) : IMelWindowSource
    {
        public int NMels => nMels;

        public int ContentFrames => WhisperLogMel.NFrames;

        public void ReadWindow(int seek, int segmentSize, Span<float> destination) => destination.Clear();

        public void ReadFirstFrames(Span<float> destination) => destination.Clear();
    }
}
