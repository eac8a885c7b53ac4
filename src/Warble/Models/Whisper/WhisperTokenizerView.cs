using Warble.Models.Whisper.Decoding;
using Warble.Text;

namespace Warble.Models.Whisper;

/// <summary>The <see cref="WhisperTokenizer"/> seen through what decoding and timing need of it.</summary>
internal sealed class WhisperTokenizerView(WhisperTokenizer tokenizer) : IWhisperTokenizer
{
    public WhisperTokenizer Tokenizer => tokenizer;

    public WhisperSpecialTokens Special { get; } = new(
        tokenizer.Eot, tokenizer.Sot, tokenizer.SotPrev, tokenizer.SotLm, tokenizer.NoSpeech, tokenizer.NoTimestamps,
        tokenizer.TimestampBegin, tokenizer.Transcribe, tokenizer.Translate,
        tokenizer.IsMultilingual ? [.. tokenizer.AllLanguageCodes] : [],
        tokenizer.IsMultilingual ? [.. tokenizer.AllLanguageTokens] : []);

    public IReadOnlyList<int> NonSpeechTokens => tokenizer.NonSpeechTokens;

    public int[] Encode(string text) => tokenizer.Encode(text);

    public string Decode(ReadOnlySpan<int> tokens) => tokenizer.Decode(tokens);

    public string DecodeWithTimestamps(ReadOnlySpan<int> tokens) => tokenizer.DecodeWithTimestamps(tokens);
}
