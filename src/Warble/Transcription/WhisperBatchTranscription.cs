using Warble.Audio;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription;

/// <summary>
/// Several recordings through openai's window loop in lockstep: each round takes the next window of every recording
/// still going, encodes up to <see cref="WindowsPerPass"/> of them in one encoder pass and decodes them in shared decoder
/// passes (<see cref="WhisperBatchSession"/>, as faster-whisper's <c>generate_segment_batched</c>), temperature fallback
/// included. Each recording keeps its own <see cref="WhisperTranscriber"/> (seek, previous-text prompt, sampler), so its
/// result is the one it gets alone, up to float rounding (a product over several rows may take another kernel path).
/// Windows whose prompts differ in length decode in separate passes: the decoder's caches advance together.
/// </summary>
internal static class WhisperBatchTranscription
{
    /// <summary>The most windows encoded and decoded together.</summary>
    public const int MaxWindows = 8;

    /// <summary>
    /// What a pass's windows may hold at once (<see cref="WhisperBatchSession.BytesPerWindow"/>): 8 windows of tiny,
    /// 7 of base, 3 of small and large-v3-turbo, 1 of medium and large-v3, whose audio keys and values alone are
    /// 0.5 GB a window.
    /// </summary>
    public const long PassBytes = 512L << 20;

    /// <summary>Windows per pass for a model of <paramref name="dims"/>: <see cref="MaxWindows"/>, fewer where they would pass <see cref="PassBytes"/>.</summary>
    public static int WindowsPerPass(WhisperDimensions dims) => (int)Math.Clamp(PassBytes / WhisperBatchSession.BytesPerWindow(dims), 1, MaxWindows);

    /// <summary>Transcribes <paramref name="inputs"/>; <paramref name="encoded"/> hears how many windows each encoder pass took.</summary>
    public static IReadOnlyList<TranscriptionResult> Run(
        WhisperPipeline pipeline, IReadOnlyList<AudioInput> inputs, TranscribeOptions options, CancellationToken cancellationToken,
        Action<int>? encoded = null)
    {
        WhisperModel model = pipeline.Model;
        WhisperTranscribeOptions whisper = WhisperPipeline.ToWhisperOptions(options).Validate();
        var spools = new List<MelSpool>(inputs.Count);
        WhisperSession session = pipeline.Rent();
        try
        {
            var lanes = new List<Lane>(inputs.Count);
            foreach (AudioInput input in inputs)
            {
                MelSpool mel = pipeline.LogMel(input, cancellationToken);
                spools.Add(mel);
                var transcriber = new WhisperTranscriber(session, model.Tokenizer, mel, whisper);
                transcriber.Begin(transcriber.ResolveLanguage());
                lanes.Add(new Lane(transcriber));
            }

            if (lanes.Count > 0)
            {
                Decode(pipeline, session, lanes, whisper.WordTimestamps, encoded, cancellationToken);
            }

            return [.. lanes.Select(lane => new TranscriptionResult(lane.Transcriber.Text, lane.Transcriber.Language ?? "en", lane.Segments))];
        }
        finally
        {
            spools.ForEach(spool => spool.Dispose());
            pipeline.Return(session);
        }
    }

    /// <summary>Rounds of one window per unfinished recording, <see cref="WindowsPerPass"/> windows to a pass, until all are done.</summary>
    private static void Decode(
        WhisperPipeline pipeline, WhisperSession session, List<Lane> lanes, bool wordTimestamps, Action<int>? encoded, CancellationToken cancellationToken)
    {
        WhisperModel model = pipeline.Model;
        int capacity = Math.Min(WindowsPerPass(model.Dims), lanes.Count);
        WhisperBatchSession batch = pipeline.RentBatch(capacity);
        try
        {
            DecodeRounds(model, session, batch, capacity, lanes, wordTimestamps, encoded, cancellationToken);
        }
        finally
        {
            pipeline.ReturnBatch(batch);
        }
    }

    /// <summary>The rounds, on <paramref name="batch"/> (planned for at least <paramref name="capacity"/> windows).</summary>
    private static void DecodeRounds(WhisperModel model, WhisperSession session, WhisperBatchSession batch, int capacity, List<Lane> lanes,
        bool wordTimestamps, Action<int>? encoded, CancellationToken cancellationToken)
    {
        int windowSize = model.Dims.NMels * WhisperLogMel.NFrames;
        var mels = new float[capacity * windowSize];
        var group = new List<(Lane Lane, WhisperTranscriber.WindowStep Step)>(capacity);
        List<Lane> active = [.. lanes];
        while (active.Count > 0)
        {
            var finished = new List<Lane>();
            for (int from = 0; from < active.Count; from += capacity)
            {
                group.Clear();
                foreach (Lane lane in active.Skip(from).Take(capacity))
                {
                    if (lane.Transcriber.NextWindow(mels.AsSpan(group.Count * windowSize, windowSize), cancellationToken) is { } step)
                    {
                        group.Add((lane, step));
                    }
                    else
                    {
                        finished.Add(lane);
                    }
                }

                if (group.Count == 0)
                {
                    continue;
                }

                batch.Encode(mels.AsSpan(0, group.Count * windowSize), group.Count);
                encoded?.Invoke(group.Count);
                DecodingResult[] results = batch.DecodeWithFallback(group.Count, group[0].Lane.Transcriber.Temperatures,
                    (w, t) => group[w].Lane.Transcriber.CreateTask(group[w].Step.Options, t),
                    (w, result) => group[w].Lane.Transcriber.NeedsFallback(result),
                    w => group[w].Step.Options.PromptTokens?.Count ?? 0, cancellationToken);
                for (int w = 0; w < group.Count; w++)
                {
                    // Only word timestamps read the session: it aligns against this window's encoder output.
                    IWhisperDecoderSession window = wordTimestamps ? session.Bind(batch.Encoded(w)) : session;
                    group[w].Lane.Segments.AddRange(group[w].Lane.Transcriber.FinishWindow(group[w].Step, results[w], window));
                }
            }

            active.RemoveAll(finished.Contains);
        }
    }

    /// <summary>One recording of the batch: its window loop and the segments it has given.</summary>
    private sealed class Lane(WhisperTranscriber transcriber)
    {
        public WhisperTranscriber Transcriber { get; } = transcriber;

        public List<Segment> Segments { get; } = [];
    }
}
