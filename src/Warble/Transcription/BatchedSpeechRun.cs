using Warble.Audio;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;
using Warble.Vad;

namespace Warble.Transcription;

/// <summary>
/// Whisper over the speech only, as faster-whisper's <c>BatchedInferencePipeline.transcribe</c>: the speech regions
/// (found with the longest region held to 30 s) are merged into spans of the recording of at most 30 s
/// (<see cref="SpeechChunks.Merge"/>), and <see cref="TranscribeOptions.BatchSize"/> of them at a time are encoded
/// together and decoded together (<see cref="WhisperBatchSession"/>), each once, from the same prompt (the initial
/// prompt, never the previous text). Segments come out in time order, on the recording's timeline. The batch size
/// changes the speed, not the decode: each chunk has its own caches, filters and sampler, so it decodes as it would
/// alone, up to float rounding (a product over N rows may take another kernel path than over one).
/// </summary>
internal sealed partial class BatchedSpeechRun(WhisperPipeline pipeline, AudioInput audio, TranscribeOptions options, CancellationToken cancellationToken)
    : TranscriptionRun
{
    /// <summary>Longest chunk, in seconds: one Whisper window (faster-whisper's <c>chunk_length</c>).</summary>
    private const double ChunkSeconds = 30;

    private readonly WhisperTranscribeOptions whisper = WhisperPipeline.ToWhisperOptions(options with { ConditionOnPreviousText = false }).Validate();
    private readonly Queue<Segment> ready = new();
    private readonly List<int> allTokens = [];
    private SpeechOnlyAudio? speech;
    private List<SpeechRegion> chunks = [];
    private WhisperBatchSession? batch;
    private WhisperSession? session;
    private string language = "en";
    private int nextChunk, segmentCount;
    private double lastSpeechTimestamp;

    public override bool MoveNext()
    {
        if (speech is null)
        {
            // As the batched pipeline's default VAD settings: no speech region longer than a chunk.
            VadOptions vad = options.Vad! with { MaxSpeechDurationS = Math.Min(options.Vad!.MaxSpeechDurationS, ChunkSeconds) };
            speech = SpeechOnlyAudio.Detect(audio, vad, cancellationToken);
            chunks = SpeechChunks.Merge(speech.Regions, vad.SpeechPadMs, ChunkSeconds);
            Progress = new TranscriptionProgress(0, speech.Seconds);
        }

        while (ready.Count == 0)
        {
            if (nextChunk == chunks.Count)
            {
                Progress = new TranscriptionProgress(speech.Seconds, speech.Seconds);
                return false;
            }

            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(options.BatchSize!.Value, chunks.Count - nextChunk);
            DecodeChunks(nextChunk, count);
            nextChunk += count;
        }

        Current = ready.Dequeue();
        Progress = new TranscriptionProgress(Math.Min(chunks[nextChunk - 1].EndSeconds, speech.Seconds), speech.Seconds);
        return true;
    }

    public override TranscriptionResult ToResult(IReadOnlyList<Segment> segments) =>
        new(pipeline.Model.Tokenizer.Decode([.. allTokens]), language, segments);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            speech?.Dispose();
            if (batch is not null)
            {
                pipeline.ReturnBatch(batch);
                batch = null;
            }

            if (session is not null)
            {
                pipeline.Return(session);
                session = null;
            }
        }
    }

    /// <summary>Reads chunk <paramref name="chunk"/>'s log-mel into one 30 s window, zero-padded as <c>pad_or_trim</c>; returns its frames.</summary>
    private int ReadWindow(int chunk, Span<float> window)
    {
        using MelSpool mel = pipeline.LogMel(speech!.Slice(chunks[chunk]), cancellationToken);
        int frames = Math.Min(WhisperLogMel.NFrames, mel.ContentFrames);
        mel.ReadWindow(0, frames, window);
        return frames;
    }

    /// <summary>The language given, or detected on the first chunk (faster-whisper detects on the first 30 s).</summary>
    private string ResolveLanguage(ReadOnlySpan<float> firstWindow)
    {
        WhisperSpecialTokens special = pipeline.Model.Tokenizer.Special;
        if (whisper.Decoding.Language is { } given)
        {
            return given;
        }

        if (!special.IsMultilingual)
        {
            return "en";
        }

        session ??= pipeline.Rent();
        var (_, probabilities) = LanguageDetection.Detect(session.Encode(firstWindow), special);
        return LanguageDetection.MostProbable(probabilities);
    }
}
