using System.Globalization;
using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;

namespace Warble.Transcription;

/// <summary>
/// openai-whisper's <c>transcribe()</c> window loop as a reusable object: 30-s windows from
/// <c>seek</c>, decode with temperature fallback, split into segments at consecutive timestamps,
/// seek by the last timestamp (or the last word with word timestamps), optional hallucination
/// skipping. Segments are produced lazily, window by window; cancellation is checked per window.
/// </summary>
internal sealed partial class WhisperTranscriber
{
    private const int NFrames = 3000;
    private const int HopLength = 160;
    private const int SampleRate = 16000;
    private const int FramesPerSecond = 100;

    private readonly IWhisperModel model;
    private readonly IWhisperTokenizer tokenizer;
    private readonly IMelWindowSource mel;
    private readonly WhisperTranscribeOptions options;
    private readonly Random random;
    private readonly List<int> allTokens = [];
    private int initialPromptLength;

    public WhisperTranscriber(IWhisperModel model, IWhisperTokenizer tokenizer, IMelWindowSource mel, WhisperTranscribeOptions options)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        this.mel = mel ?? throw new ArgumentNullException(nameof(mel));
        this.options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        random = new Random(options.Seed);
    }

    /// <summary>The language used: given, or detected when enumeration started.</summary>
    public string? Language { get; private set; }

    /// <summary>The text of every token decoded so far, as openai's <c>tokenizer.decode(all_tokens[len(initial_prompt_tokens):])</c>.</summary>
    public string Text => tokenizer.Decode(allTokens.Skip(initialPromptLength).ToArray());

    /// <summary>Runs the whole loop and collects the openai-shaped result.</summary>
    public TranscriptionResult TranscribeToResult(CancellationToken cancellationToken = default)
    {
        var segments = Transcribe(cancellationToken).ToList();
        return new TranscriptionResult(Text, Language ?? "en", segments);
    }

    /// <summary>openai <c>transcribe</c>'s clip_timestamps parsing: seconds → (start, end) frame pairs.</summary>
    public static List<(int Start, int End)> ParseClipTimestamps(string clipTimestamps, int contentFrames = int.MaxValue)
    {
        var seekPoints = new List<int>();
        if (!string.IsNullOrEmpty(clipTimestamps))
        {
            foreach (string part in clipTimestamps.Split(','))
            {
                if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                {
                    throw new ArgumentException($"clip_timestamps: '{part}' is not a number");
                }

                seekPoints.Add((int)Math.Round(seconds * FramesPerSecond, MidpointRounding.ToEven));
            }
        }

        if (seekPoints.Count == 0)
        {
            seekPoints.Add(0);
        }

        if (seekPoints.Count % 2 == 1)
        {
            seekPoints.Add(contentFrames);
        }

        var clips = new List<(int, int)>();
        for (int i = 0; i < seekPoints.Count; i += 2)
        {
            clips.Add((seekPoints[i], seekPoints[i + 1]));
        }

        return clips;
    }

    /// <summary>The temperatures openai's <c>decode_with_fallback</c> tries, in order.</summary>
    public IReadOnlyList<double> Temperatures => options.Temperatures;

    /// <summary>
    /// The decode of one attempt at <paramref name="temperature"/> (<see cref="Attempt"/>), sampling from this
    /// transcriber's generator, so that a batch of transcribers draws what each would alone.
    /// </summary>
    public DecodingTask CreateTask(DecodingOptions decodeOptions, double temperature) =>
        new(tokenizer, Attempt(decodeOptions, temperature), model.NTextCtx, model.NAudioCtx, model.NVocab, random);

    /// <summary>The options of one attempt of openai's <c>decode_with_fallback</c>: beam search only at 0, best-of only above.</summary>
    public static DecodingOptions Attempt(DecodingOptions decodeOptions, double temperature) => temperature > 0
        ? decodeOptions with { BeamSize = null, Patience = null, Temperature = temperature }
        : decodeOptions with { BestOf = null, Temperature = temperature };

    /// <summary>Whether <paramref name="result"/> failed the thresholds and the next temperature should be tried.</summary>
    public bool NeedsFallback(DecodingResult result) => NeedsFallback(options, result);

    /// <summary>
    /// openai <c>decode_with_fallback</c>: tries each temperature until the result is neither too
    /// repetitive nor too improbable (unless it is silence).
    /// </summary>
    private DecodingResult DecodeWithFallback(IWhisperDecoderSession session, DecodingOptions decodeOptions, CancellationToken cancellationToken)
    {
        DecodingResult? result = null;
        foreach (double t in options.Temperatures)
        {
            result = CreateTask(decodeOptions, t).Run(session, cancellationToken);
            if (!NeedsFallback(result))
            {
                break;
            }
        }

        return result!;
    }

    /// <summary>Whether a decode failed the thresholds and the next temperature should be tried (openai's checks).</summary>
    internal static bool NeedsFallback(WhisperTranscribeOptions options, DecodingResult result)
    {
        bool needsFallback = false;
        if (options.CompressionRatioThreshold is { } crt && result.CompressionRatio > crt)
        {
            needsFallback = true; // too repetitive
        }

        if (options.LogprobThreshold is { } lpt && result.AvgLogprob < lpt)
        {
            needsFallback = true; // average log probability is too low
        }

        if (options.NoSpeechThreshold is { } nst && result.NoSpeechProb > nst
            && options.LogprobThreshold is { } lpt2 && result.AvgLogprob < lpt2)
        {
            needsFallback = false; // silence
        }

        return needsFallback;
    }

    /// <summary>The language given, or detected on the first 30 s (openai's <c>detect_language</c> on <c>mel_segment</c> 0).</summary>
    public string ResolveLanguage()
    {
        if (options.Decoding.Language is { } language)
        {
            return language;
        }

        if (!tokenizer.Special.IsMultilingual)
        {
            return "en";
        }

        var window = new float[mel.NMels * NFrames];
        mel.ReadFirstFrames(window);
        var session = model.Encode(window);
        var (_, probabilities) = LanguageDetection.Detect(session, tokenizer.Special);
        return LanguageDetection.MostProbable(probabilities);
    }

    private TimedSegment NewSegment(int seek, double start, double end, int[] tokens, DecodingResult result) => new()
    {
        Seek = seek,
        Start = start,
        End = end,
        Text = tokenizer.Decode(tokens.Where(t => t < tokenizer.Special.Eot).ToArray()),
        Tokens = tokens,
        Temperature = result.Temperature,
        AvgLogprob = result.AvgLogprob,
        CompressionRatio = result.CompressionRatio,
        NoSpeechProb = result.NoSpeechProb,
    };

    private Segment ToRecord(int id, TimedSegment segment) => new(
        id,
        segment.Seek,
        segment.Start,
        segment.End,
        segment.Text,
        segment.Tokens,
        segment.Temperature,
        segment.AvgLogprob,
        segment.CompressionRatio,
        segment.NoSpeechProb,
        options.WordTimestamps ? (segment.Words ?? []).Select(w => new Word(w.Word, w.Start, w.End, w.Probability)).ToList() : null);
}
