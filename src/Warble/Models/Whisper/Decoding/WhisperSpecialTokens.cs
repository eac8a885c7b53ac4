namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The special ids of a Whisper vocabulary (openai <c>tokenizer.py</c>: <c>eot</c>, <c>sot</c>,
/// <c>sot_prev</c>, <c>sot_lm</c>, <c>no_speech</c>, <c>no_timestamps</c>, <c>timestamp_begin</c>,
/// <c>transcribe</c>, <c>translate</c>, <c>all_language_tokens</c>/<c>all_language_codes</c>).
/// </summary>
/// <param name="LanguageCodes">codes in whisper's LANGUAGES order, one per language token; empty
/// for English-only models.</param>
/// <param name="LanguageTokens">the ids of <c>&lt;|en|&gt;</c>, ... in the same order.</param>
internal sealed record WhisperSpecialTokens(
    int Eot,
    int Sot,
    int SotPrev,
    int SotLm,
    int NoSpeech,
    int NoTimestamps,
    int TimestampBegin,
    int Transcribe,
    int Translate,
    IReadOnlyList<string> LanguageCodes,
    IReadOnlyList<int> LanguageTokens)
{
    /// <summary>Whether the vocabulary has language and task tokens.</summary>
    public bool IsMultilingual => LanguageTokens.Count > 0;

    /// <summary>The id of <c>&lt;|language|&gt;</c>; throws for an unknown code.</summary>
    public int ToLanguageToken(string language)
    {
        for (int i = 0; i < LanguageCodes.Count; i++)
        {
            if (LanguageCodes[i] == language)
            {
                return LanguageTokens[i];
            }
        }

        throw new ArgumentException($"Unsupported language: {language}", nameof(language));
    }

    /// <summary>
    /// openai <c>Tokenizer.sot_sequence</c>: sot, then (multilingual only) the language token and
    /// the task token (translate for any task but "transcribe", as openai).
    /// </summary>
    public int[] SotSequence(string language, string task)
    {
        if (!IsMultilingual)
        {
            return [Sot];
        }

        return [Sot, ToLanguageToken(language), task == "transcribe" ? Transcribe : Translate];
    }
}
