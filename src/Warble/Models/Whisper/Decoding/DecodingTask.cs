namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Decodes one 30-s window, as openai-whisper's <c>DecodingTask</c> for a single audio: builds the
/// initial tokens (prompt, start sequence, prefix), the logit filters, the token decoder and the
/// ranker once, then runs <see cref="MainLoop"/> against a decoder session. Buffers are planned in
/// the constructor, so the loop allocates nothing per token.
/// </summary>
internal sealed partial class DecodingTask
{
    private readonly IWhisperTokenizer tokenizer;
    private readonly DecodingOptions options;
    private readonly int nCtx;
    private readonly int nVocab;
    private readonly int nGroup;
    private readonly int sampleLen;
    private readonly int[] initialTokens;
    private readonly List<ILogitFilter> logitFilters = [];
    private readonly ISequenceRanker sequenceRanker;
    private readonly Random random;

    /// <param name="nTextCtx">the model's n_text_ctx.</param>
    /// <param name="nAudioCtx">the model's n_audio_ctx (timestamp precision is 30 / n_audio_ctx).</param>
    /// <param name="random">source of the samples when temperature &gt; 0.</param>
    public DecodingTask(IWhisperTokenizer tokenizer, DecodingOptions options, int nTextCtx, int nAudioCtx, int nVocab, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        this.options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        this.tokenizer = tokenizer;
        this.random = random ?? new Random(0);
        nCtx = nTextCtx;
        this.nVocab = nVocab;
        nGroup = options.BeamSize ?? options.BestOf ?? 1;
        sampleLen = options.SampleLen ?? (nTextCtx / 2);

        var special = tokenizer.Special;
        SotSequence = special.SotSequence(options.Language ?? "en", options.Task);
        if (options.WithoutTimestamps)
        {
            SotSequence = [.. SotSequence, special.NoTimestamps];
        }

        initialTokens = GetInitialTokens();
        SampleBegin = initialTokens.Length;
        SotIndex = Array.IndexOf(initialTokens, special.Sot);
        sequenceRanker = new MaximumLikelihoodRanker(options.LengthPenalty);

        if (options.SuppressBlank)
        {
            logitFilters.Add(new SuppressBlank(tokenizer, SampleBegin));
        }

        if (!string.IsNullOrEmpty(options.SuppressTokens))
        {
            logitFilters.Add(new SuppressTokens(Decoding.SuppressTokens.FromOption(options.SuppressTokens, tokenizer)));
        }

        if (!options.WithoutTimestamps)
        {
            double precision = 30.0 / nAudioCtx; // usually 0.02 seconds
            int? maxInitialTimestampIndex = null;
            if (options.MaxInitialTimestamp is { } maxInitial && maxInitial != 0)
            {
                maxInitialTimestampIndex = (int)Math.Round(maxInitial / precision, MidpointRounding.ToEven);
            }

            logitFilters.Add(new ApplyTimestampRules(special, SampleBegin, maxInitialTimestampIndex, nVocab));
        }

        if (options.RepetitionLimit is { } limit)
        {
            logitFilters.Add(new StopRepetition(SampleBegin, special.Eot, limit));
        }
    }

    /// <summary>The start sequence (with <c>&lt;|notimestamps|&gt;</c> when timestamps are off).</summary>
    public int[] SotSequence { get; }

    /// <summary>The tokens fed before sampling: [sot_prev, prompt…] + start sequence + prefix.</summary>
    public IReadOnlyList<int> InitialTokens => initialTokens;

    /// <summary>Index of the first sampled token (openai <c>sample_begin</c>).</summary>
    public int SampleBegin { get; }

    /// <summary>Index of sot in the initial tokens (openai <c>sot_index</c>).</summary>
    public int SotIndex { get; }

    /// <summary>The logit filters, in application order.</summary>
    public IReadOnlyList<ILogitFilter> LogitFilters => logitFilters;

    private int[] GetInitialTokens()
    {
        var tokens = new List<int>(SotSequence);
        var prefixTokens = options.PrefixTokens ?? (string.IsNullOrEmpty(options.Prefix) ? null : tokenizer.Encode(" " + PyString.Strip(options.Prefix)));
        if (prefixTokens is { Count: > 0 })
        {
            int maxPrefixLen = (nCtx / 2) - sampleLen;
            tokens.AddRange(PyString.TakeLast(prefixTokens, maxPrefixLen));
        }

        var promptTokens = options.PromptTokens ?? (string.IsNullOrEmpty(options.Prompt) ? null : tokenizer.Encode(" " + PyString.Strip(options.Prompt)));
        if (promptTokens is { Count: > 0 })
        {
            tokens.InsertRange(0, [tokenizer.Special.SotPrev, .. PyString.TakeLast(promptTokens, (nCtx / 2) - 1)]);
        }

        return [.. tokens];
    }
}
