namespace Warble;

/// <summary>
/// Settings for one transcription: every argument of openai-whisper's <c>transcribe()</c> and <c>DecodingOptions</c>
/// (same meaning, same defaults, PascalCase names), flat as <c>transcribe(**decode_options)</c> takes them, plus the
/// Parakeet settings. Options that mean nothing for the loaded model (language, temperatures, prompts for Parakeet)
/// are ignored. Checked once when a transcription starts (<see cref="Validate"/>).
/// </summary>
public sealed record TranscribeOptions
{
    /// <summary>Spoken language: a code ("en") or an English name ("English"), as openai's <c>language</c>; null detects it (Whisper).</summary>
    public string? Language { get; init; }

    /// <summary>"transcribe" (X→X), or "translate" (X→English) (Whisper).</summary>
    public string Task { get; init; } = "transcribe";

    /// <summary>Temperatures tried in turn when a window fails the thresholds; a single value disables fallback.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

    /// <summary>A decode whose gzip compression ratio is above this has failed (openai <c>compression_ratio_threshold</c>).</summary>
    public double? CompressionRatioThreshold { get; init; } = 2.4;

    /// <summary>A decode whose average log-probability is below this has failed (<c>logprob_threshold</c>).</summary>
    public double? LogprobThreshold { get; init; } = -1.0;

    /// <summary>Above this no-speech probability, with a failed log-probability, the window is silence (<c>no_speech_threshold</c>).</summary>
    public double? NoSpeechThreshold { get; init; } = 0.6;

    /// <summary>Feed each window's text to the next as its prompt (<c>condition_on_previous_text</c>).</summary>
    public bool ConditionOnPreviousText { get; init; } = true;

    /// <summary>Text that conditions the first window (<c>initial_prompt</c>).</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>Prepend the initial prompt to every window's prompt (<c>carry_initial_prompt</c>).</summary>
    public bool CarryInitialPrompt { get; init; }

    /// <summary>Add word-level timestamps (Whisper: cross-attention and DTW; Parakeet always has them).</summary>
    public bool WordTimestamps { get; init; }

    /// <summary>With word timestamps, punctuation merged into the following word (<c>prepend_punctuations</c>).</summary>
    public string PrependPunctuations { get; init; } = Models.Whisper.Timing.WordTimestamps.DefaultPrependPunctuations;

    /// <summary>With word timestamps, punctuation merged into the previous word (<c>append_punctuations</c>).</summary>
    public string AppendPunctuations { get; init; } = Models.Whisper.Timing.WordTimestamps.DefaultAppendPunctuations;

    /// <summary>Start, end, start, end, … seconds of the clips to transcribe; the last end defaults to the end (<c>clip_timestamps</c>). Empty is the whole audio.</summary>
    public IReadOnlyList<double> ClipTimestamps { get; init; } = [];

    /// <summary>With word timestamps, skip silent periods longer than this (seconds) around a suspected hallucination (<c>hallucination_silence_threshold</c>).</summary>
    public double? HallucinationSilenceThreshold { get; init; }

    /// <summary>Beams at temperature 0; null or 1 decodes greedily (openai's library default is greedy, its CLI's 5).</summary>
    public int? BeamSize { get; init; }

    /// <summary>Candidates sampled at temperatures above 0 (<c>best_of</c>).</summary>
    public int? BestOf { get; init; }

    /// <summary>Beam search patience (<c>patience</c>); null is 1.0. Needs <see cref="BeamSize"/>.</summary>
    public double? Patience { get; init; }

    /// <summary>Google NMT length penalty alpha in [0, 1]; null ranks by simple length normalisation (<c>length_penalty</c>).</summary>
    public double? LengthPenalty { get; init; }

    /// <summary>Most tokens sampled per window; null is n_text_ctx / 2 (<c>sample_len</c>).</summary>
    public int? SampleLen { get; init; }

    /// <summary>Token ids never sampled; -1 stands for openai's non-speech symbols (<c>suppress_tokens</c>, default "-1").</summary>
    public IReadOnlyList<int> SuppressTokens { get; init; } = [-1];

    /// <summary>Suppress a blank (space or end of text) as the first sampled token (<c>suppress_blank</c>).</summary>
    public bool SuppressBlank { get; init; } = true;

    /// <summary>Decode text only, without timestamp tokens (<c>without_timestamps</c>).</summary>
    public bool WithoutTimestamps { get; init; }

    /// <summary>The first timestamp of a window cannot be later than this many seconds; null disables it (<c>max_initial_timestamp</c>).</summary>
    public double? MaxInitialTimestamp { get; init; } = 1.0;

    /// <summary>Text that starts every window's output (<c>prefix</c>).</summary>
    public string? Prefix { get; init; }

    /// <summary>
    /// Whisper: end a window's text once the same run of 1 to 16 tokens repeats this many times in a row, instead of
    /// writing the loop out to the end of the window (a guard against hallucinated repetition, not in openai-whisper;
    /// null, the default, keeps openai's behaviour).
    /// </summary>
    public int? RepetitionLimit { get; init; }

    /// <summary>Seed of the sampler used at temperatures above 0, so that runs repeat.</summary>
    public int Seed { get; init; }

    /// <summary>Parakeet: the longest audio encoded in one pass, in seconds; longer audio is encoded in overlapping windows of this length (memory grows with its square).</summary>
    public double MaxPassSeconds { get; init; } = 120;

    /// <summary>
    /// Parakeet: encode with local attention, each frame seeing this many encoder frames (80 ms each) on either side,
    /// as NeMo's <c>change_attention_model("rel_pos_local_attn", [N, N])</c>: cost and memory grow linearly with a
    /// pass instead of with its square, so <see cref="MaxPassSeconds"/> can be raised to hours. Null keeps the model's
    /// own attention; 128 is NeMo's choice for long audio.
    /// </summary>
    public int? LocalAttentionFrames { get; init; }

    /// <summary>
    /// Parakeet: the longest segment, in seconds. Segments end at sentence punctuation as NeMo's do; one that would
    /// run longer (a model without punctuation, a long sentence) is cut at its longest pause between words.
    /// </summary>
    public double MaxSegmentSeconds { get; init; } = 30;

    /// <summary>
    /// Transcribe only the speech Silero VAD finds (faster-whisper's <c>vad_filter</c>): silence and noise are cut out
    /// before decoding and every time is mapped back to the recording. Null (the default, as openai-whisper) decodes
    /// everything; recommended for real recordings, where it skips long silences and the text models invent over them.
    /// </summary>
    public VadOptions? Vad { get; init; }

    /// <summary>
    /// Whisper with <see cref="Vad"/>: decode the speech as faster-whisper's <c>BatchedInferencePipeline</c> does, this
    /// many chunks at a time (1 to 64). The speech regions are merged into chunks of at most 30 s, each decoded once
    /// without the previous text as prompt; the chunks of a batch share one encoder pass and every decoder pass, so one
    /// weight read serves a token of each. Null (the default) decodes the speech with openai's window loop.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>Threads for this call's kernels; null uses the transcriber's (<see cref="TranscriberOptions.Threads"/>).</summary>
    public int? Threads { get; init; }

    /// <summary>Receives progress as windows and chunks are decoded.</summary>
    public IProgress<TranscriptionProgress>? Progress { get; init; }

    /// <summary>Checks the options once, before any work (as openai's <c>DecodingTask._verify_options</c>); throws <see cref="ArgumentException"/>.</summary>
    public TranscribeOptions Validate()
    {
        Fail(Task is not ("transcribe" or "translate"), $"Task must be \"transcribe\" or \"translate\", not \"{Task}\"");
        Fail(Temperatures is null || Temperatures.Count == 0 || Temperatures.Any(t => !(t >= 0 && t <= 10)), "Temperatures needs at least one value, each between 0 and 10");
        Fail(BeamSize is < 1 or > 64, "BeamSize must be between 1 and 64");
        Fail(BestOf is < 1 or > 64, "BestOf must be between 1 and 64");
        Fail(Patience is { } p && !(p > 0 && p <= 100), "Patience must be positive");
        Fail(Patience is not null && BeamSize is null or 1, "Patience needs BeamSize");
        Fail(LengthPenalty is { } alpha && !(alpha >= 0 && alpha <= 1), "LengthPenalty must be between 0 and 1");
        Fail(SampleLen is < 1, "SampleLen must be positive");
        Fail(RepetitionLimit is < 2, "RepetitionLimit must be at least 2");
        Fail(CompressionRatioThreshold is { } c && double.IsNaN(c), "CompressionRatioThreshold is NaN");
        Fail(LogprobThreshold is { } l && double.IsNaN(l), "LogprobThreshold is NaN");
        Fail(NoSpeechThreshold is { } n && double.IsNaN(n), "NoSpeechThreshold is NaN");
        Fail(HallucinationSilenceThreshold is { } h && !(h > 0), "HallucinationSilenceThreshold must be positive");
        Fail(MaxInitialTimestamp is { } m && !(m >= 0), "MaxInitialTimestamp must not be negative");
        Fail(ClipTimestamps.Any(t => !(t >= 0 && double.IsFinite(t))), "ClipTimestamps must be seconds from the start");
        Fail(!(MaxPassSeconds >= 1 && MaxPassSeconds <= 86400), "MaxPassSeconds must be between 1 and 86400");
        Fail(LocalAttentionFrames is < 1 or > 65536, "LocalAttentionFrames must be between 1 and 65536");
        Fail(!(MaxSegmentSeconds > 0), "MaxSegmentSeconds must be positive");
        Fail(Threads is < 1 or > 1024, "Threads must be between 1 and 1024");
        Fail(BatchSize is < 1 or > 64, "BatchSize must be between 1 and 64");
        Fail(BatchSize is not null && Vad is null, "BatchSize needs Vad: the speech chunks are what is batched");
        Fail(BatchSize is not null && ClipTimestamps.Count > 0, "BatchSize cannot be combined with ClipTimestamps: the speech chunks are the clips");
        Fail(BatchSize is not null && HallucinationSilenceThreshold is not null, "BatchSize cannot be combined with HallucinationSilenceThreshold (a chunk is decoded once)");
        Vad?.Validate();
        Fail(SuppressTokens is null || PrependPunctuations is null || AppendPunctuations is null, "SuppressTokens and the punctuation sets may not be null");
        return this;
    }

    private static void Fail(bool failed, string message)
    {
        if (failed)
        {
            throw new ArgumentException(message);
        }
    }
}
