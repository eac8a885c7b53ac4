namespace Warble.Models.Whisper.Decoding;

/// <summary>Sets a fixed set of tokens to −∞ at every step, as openai-whisper's <c>SuppressTokens</c>.</summary>
internal sealed class SuppressTokens : ILogitFilter
{
    private readonly int[] suppressTokens;

    public SuppressTokens(IReadOnlyList<int> suppressTokens)
    {
        this.suppressTokens = [.. suppressTokens];
    }

    /// <summary>The suppressed ids, sorted.</summary>
    public IReadOnlyList<int> Tokens => suppressTokens;

    public void Apply(Span<float> logits, ReadOnlySpan<int> tokens)
    {
        foreach (int token in suppressTokens)
        {
            logits[token] = float.NegativeInfinity;
        }
    }

    /// <summary>
    /// Expands the <c>suppress_tokens</c> option as openai <c>DecodingTask._get_suppress_tokens</c>:
    /// "-1" adds the non-speech set, and the task, sot, sot_prev, sot_lm and no_speech tokens are
    /// always suppressed. Returns the sorted distinct ids.
    /// </summary>
    public static int[] FromOption(string? option, IWhisperTokenizer tokenizer)
    {
        var ids = new List<int>();
        if (!string.IsNullOrEmpty(option))
        {
            foreach (string part in option.Split(','))
            {
                ids.Add(int.Parse(part.Trim(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        if (ids.Contains(-1))
        {
            ids.RemoveAll(t => t < 0);
            ids.AddRange(tokenizer.NonSpeechTokens);
        }

        var special = tokenizer.Special;
        ids.AddRange([special.Transcribe, special.Translate, special.Sot, special.SotPrev, special.SotLm, special.NoSpeech]);
        var set = new SortedSet<int>(ids);
        return [.. set];
    }
}
