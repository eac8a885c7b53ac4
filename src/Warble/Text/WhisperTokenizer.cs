namespace Warble.Text;

/// <summary>
/// openai-whisper's <c>Tokenizer</c> (tokenizer.py): a byte-level BPE plus the special tokens, whose ids
/// follow the BPE ranks in the order <c>get_encoding</c> lists them: eot, sot, the languages, translate,
/// transcribe, startoflm, startofprev, nospeech, notimestamps and 1501 timestamps. How many languages, and
/// whether the model is multilingual, follow from n_vocab as in model.py (<c>is_multilingual</c>,
/// <c>num_languages</c>).
/// </summary>
internal sealed partial class WhisperTokenizer
{
    /// <summary>Timestamp tokens <c>&lt;|0.00|&gt;</c> … <c>&lt;|30.00|&gt;</c>.</summary>
    public const int TimestampCount = 1501;

    private const int SpecialsBeforeLanguages = 2;
    private const int SpecialsAfterLanguages = 6;

    /// <param name="encoding">
    /// The BPE ranks: 50257 for multilingual models (the last one empty), 50256 for English-only (GPT-2's, as
    /// <c>get_tokenizer(multilingual=False)</c>); an English-only vocabulary may also end with GPT-2's own
    /// <c>&lt;|endoftext|&gt;</c> (Hugging Face's vocab.json of <c>whisper-*.en</c>), which is then the eot token.
    /// </param>
    /// <param name="nVocab">The model's <c>n_vocab</c>.</param>
    /// <param name="source">The file the vocabulary came from, for error messages.</param>
    public WhisperTokenizer(ByteLevelBpe encoding, int nVocab, string source)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        Encoding = encoding;
        NVocab = nVocab;
        IsMultilingual = nVocab >= 51865;
        NumLanguages = nVocab - 51765 - (IsMultilingual ? 1 : 0);
        int ranks = nVocab - SpecialsBeforeLanguages - NumLanguages - SpecialsAfterLanguages - TimestampCount;
        bool eotInVocabulary = !IsMultilingual && encoding.Count == ranks + 1 && ranks >= 0
            && encoding.TokenBytes(ranks).AsSpan().SequenceEqual("<|endoftext|>"u8);
        if (NumLanguages < 0 || NumLanguages > WhisperLanguages.All.Count || (encoding.Count != ranks && !eotInVocabulary))
        {
            throw new ModelFormatException(
                $"{source}: n_vocab {nVocab} does not fit {encoding.Count} BPE ranks plus Whisper's special tokens.");
        }

        BpeRanks = ranks;
        Eot = ranks;
        Sot = Eot + 1;
        Translate = Sot + 1 + NumLanguages;
        Transcribe = Translate + 1;
        SotLm = Transcribe + 1;
        SotPrev = SotLm + 1;
        NoSpeech = SotPrev + 1;
        NoTimestamps = NoSpeech + 1;
        TimestampBegin = NoTimestamps + 1;
        NonSpeechTokens = ComputeNonSpeechTokens();
    }

    public ByteLevelBpe Encoding { get; }

    /// <summary>The ordinary tokens, ids below <see cref="Eot"/> (the encoding's count, less a trailing &lt;|endoftext|&gt;).</summary>
    public int BpeRanks { get; }

    public int NVocab { get; }

    public bool IsMultilingual { get; }

    public int NumLanguages { get; }

    public int Eot { get; }

    public int Sot { get; }

    public int Translate { get; }

    public int Transcribe { get; }

    public int SotLm { get; }

    public int SotPrev { get; }

    public int NoSpeech { get; }

    public int NoTimestamps { get; }

    public int TimestampBegin { get; }

    /// <summary>The "-1" suppress set: symbols that mark non-speech annotations (openai <c>non_speech_tokens</c>), sorted.</summary>
    public IReadOnlyList<int> NonSpeechTokens { get; }

    /// <summary>The language tokens in LANGUAGES order (<c>all_language_tokens</c>).</summary>
    public IEnumerable<int> AllLanguageTokens => Enumerable.Range(Sot + 1, NumLanguages);

    /// <summary>The language codes of <see cref="AllLanguageTokens"/> (<c>all_language_codes</c>).</summary>
    public IEnumerable<string> AllLanguageCodes => WhisperLanguages.All.Take(NumLanguages).Select(l => l.Code);

    /// <summary>Encodes ordinary text (special-token text is not recognised).</summary>
    public int[] Encode(string text) => Encoding.Encode(text);

    /// <summary>The token of a language code (<c>to_language_token</c>); ArgumentException if the model lacks it.</summary>
    public int ToLanguageToken(string code)
    {
        var index = WhisperLanguages.IndexOf(code);
        if (index < 0 || index >= NumLanguages)
        {
            throw new ArgumentException($"Language {code} not found in tokenizer.", nameof(code));
        }

        return Sot + 1 + index;
    }

    /// <summary>The language code of a language token, or null for any other id.</summary>
    public string? LanguageCode(int token) =>
        token > Sot && token <= Sot + NumLanguages ? WhisperLanguages.All[token - Sot - 1].Code : null;

    /// <summary>
    /// The start-of-transcript sequence. Multilingual models get language (default "en") and task (default
    /// "transcribe") as <c>get_tokenizer</c> sets them; English-only models get just sot.
    /// </summary>
    public int[] SotSequence(string? language = null, string? task = null)
    {
        if (!IsMultilingual)
        {
            return [Sot];
        }

        var code = WhisperLanguages.ToCode(language ?? "en")
            ?? throw new ArgumentException($"Unsupported language: {language}", nameof(language));
        var taskToken = (task ?? "transcribe") switch
        {
            "transcribe" => Transcribe,
            "translate" => Translate,
            _ => throw new ArgumentException($"Unsupported task: {task}", nameof(task)),
        };
        return [Sot, ToLanguageToken(code), taskToken];
    }

    /// <summary><see cref="SotSequence"/> followed by notimestamps (<c>sot_sequence_including_notimestamps</c>).</summary>
    public int[] SotSequenceIncludingNoTimestamps(string? language = null, string? task = null) =>
        [.. SotSequence(language, task), NoTimestamps];

    /// <summary>Text of the tokens below <see cref="TimestampBegin"/>; other special tokens appear as their text (openai <c>decode</c>).</summary>
    public string Decode(ReadOnlySpan<int> tokens)
    {
        var kept = new List<int>(tokens.Length);
        foreach (var t in tokens)
        {
            if (t < TimestampBegin)
            {
                kept.Add(t);
            }
        }

        return DecodeWithTimestamps(kept.ToArray());
    }

    /// <summary>Text of all tokens, timestamps written as <c>&lt;|1.08|&gt;</c> (<c>decode_with_timestamps</c>).</summary>
    public string DecodeWithTimestamps(ReadOnlySpan<int> tokens) => System.Text.Encoding.UTF8.GetString(DecodeBytes(tokens));

    /// <summary>The bytes of the tokens, special tokens as their UTF-8 text (tiktoken <c>decode_bytes</c>).</summary>
    public byte[] DecodeBytes(ReadOnlySpan<int> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens)
        {
            if (t < BpeRanks)
            {
                Encoding.DecodeBytes([t], bytes);
            }
            else
            {
                bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(SpecialTokenText(t)));
            }
        }

        return [.. bytes];
    }

    /// <summary>The text of a special token, e.g. <c>&lt;|en|&gt;</c> or <c>&lt;|0.02|&gt;</c>.</summary>
    public string SpecialTokenText(int token)
    {
        if (token < Eot || token >= NVocab)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Not a special token id ({Eot}..{NVocab - 1}).");
        }

        if (token >= TimestampBegin)
        {
            // Integer hundredths give exactly Python's f"{i * 0.02:.2f}".
            var hundredths = (token - TimestampBegin) * 2;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"<|{hundredths / 100}.{hundredths % 100:D2}|>");
        }

        if (LanguageCode(token) is { } code)
        {
            return $"<|{code}|>";
        }

        return (token - Eot) switch
        {
            0 => "<|endoftext|>",
            1 => "<|startoftranscript|>",
            _ => (token - Translate) switch
            {
                0 => "<|translate|>",
                1 => "<|transcribe|>",
                2 => "<|startoflm|>",
                3 => "<|startofprev|>",
                4 => "<|nospeech|>",
                _ => "<|notimestamps|>",
            },
        };
    }
}
