namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// What decoding needs from openai-whisper's <c>Tokenizer</c>: the special ids, the language
/// tokens, the "-1" suppression set and text conversion. The tokenizer is language/task-neutral;
/// <see cref="WhisperSpecialTokens.SotSequence"/> builds the start sequence.
/// </summary>
internal interface IWhisperTokenizer
{
    /// <summary>The special token ids.</summary>
    WhisperSpecialTokens Special { get; }

    /// <summary>
    /// openai <c>Tokenizer.non_speech_tokens</c> (sorted), the set "-1" expands to in
    /// <c>suppress_tokens</c>.
    /// </summary>
    IReadOnlyList<int> NonSpeechTokens { get; }

    /// <summary>BPE-encodes ordinary text (no special tokens), as tiktoken's <c>encode</c>.</summary>
    int[] Encode(string text);

    /// <summary>
    /// Decodes to text, dropping ids at or above <c>timestamp_begin</c> (openai <c>decode</c>);
    /// invalid UTF-8 becomes U+FFFD, as tiktoken's <c>errors="replace"</c>.
    /// </summary>
    string Decode(ReadOnlySpan<int> tokens);

    /// <summary>Decodes everything, timestamps as <c>&lt;|1.08|&gt;</c> (openai <c>decode_with_timestamps</c>).</summary>
    string DecodeWithTimestamps(ReadOnlySpan<int> tokens);
}
