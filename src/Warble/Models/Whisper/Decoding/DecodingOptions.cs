namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Options of one 30-s decode, as openai-whisper's <c>DecodingOptions</c> (same fields, same
/// defaults; <c>fp16</c> is omitted because Warble always computes in its own precision). A
/// prompt or prefix is given either as text or as token ids, like openai's
/// <c>Union[str, List[int]]</c>.
/// </summary>
internal sealed record DecodingOptions
{
    /// <summary>"transcribe" (X→X) or "translate" (X→English).</summary>
    public string Task { get; init; } = "transcribe";

    /// <summary>Language code of the audio; null detects it.</summary>
    public string? Language { get; init; }

    /// <summary>Sampling temperature; 0 is greedy (or beam search).</summary>
    public double Temperature { get; init; }

    /// <summary>Maximum number of tokens to sample; null means n_text_ctx // 2.</summary>
    public int? SampleLen { get; init; }

    /// <summary>Number of independent samples, when temperature &gt; 0.</summary>
    public int? BestOf { get; init; }

    /// <summary>Number of beams, when temperature is 0; null is greedy.</summary>
    public int? BeamSize { get; init; }

    /// <summary>Beam search patience (arxiv:2204.05424); null means 1.0.</summary>
    public double? Patience { get; init; }

    /// <summary>Google NMT "alpha" for ranking; null ranks by the simple length normalisation.</summary>
    public double? LengthPenalty { get; init; }

    /// <summary>Text of the previous context (openai <c>prompt</c> as a string).</summary>
    public string? Prompt { get; init; }

    /// <summary>Tokens of the previous context (openai <c>prompt</c> as a list); wins over <see cref="Prompt"/>.</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    /// <summary>Text that prefixes the current context (openai <c>prefix</c> as a string).</summary>
    public string? Prefix { get; init; }

    /// <summary>Tokens that prefix the current context; wins over <see cref="Prefix"/>.</summary>
    public IReadOnlyList<int>? PrefixTokens { get; init; }

    /// <summary>Comma-separated token ids to suppress; "-1" means the non-speech set.</summary>
    public string? SuppressTokens { get; init; } = "-1";

    /// <summary>Suppress a blank (space or eot) as the first sampled token.</summary>
    public bool SuppressBlank { get; init; } = true;

    /// <summary>Use <c>&lt;|notimestamps|&gt;</c> and sample text tokens only.</summary>
    public bool WithoutTimestamps { get; init; }

    /// <summary>The first timestamp cannot be later than this (seconds); null or 0 disables it.</summary>
    public double? MaxInitialTimestamp { get; init; } = 1.0;

    /// <summary>End a window's text once an n-gram repeats this many times in a row (<see cref="StopRepetition"/>); null: off.</summary>
    public int? RepetitionLimit { get; init; }

    /// <summary>Checks the option combinations, as openai <c>DecodingTask._verify_options</c>.</summary>
    public DecodingOptions Validate()
    {
        if (BeamSize is not null && BestOf is not null)
        {
            throw new ArgumentException("beam_size and best_of can't be given together");
        }

        if (Temperature == 0 && BestOf is not null)
        {
            throw new ArgumentException("best_of with greedy sampling (T=0) is not compatible");
        }

        if (Patience is not null && BeamSize is null)
        {
            throw new ArgumentException("patience requires beam_size to be given");
        }

        if (LengthPenalty is { } alpha && !(alpha >= 0 && alpha <= 1))
        {
            throw new ArgumentException("length_penalty (alpha) should be a value between 0 and 1");
        }

        if (Task is not ("transcribe" or "translate" or "lang_id"))
        {
            throw new ArgumentException($"task must be transcribe, translate or lang_id, not '{Task}'");
        }

        if (RepetitionLimit is < 2)
        {
            throw new ArgumentException("the repetition limit must be at least 2");
        }

        if (BeamSize is <= 0 || BestOf is <= 0 || SampleLen is <= 0)
        {
            throw new ArgumentException("beam_size, best_of and sample_len must be positive");
        }

        return this;
    }
}
