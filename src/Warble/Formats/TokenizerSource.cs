namespace Warble.Formats;

/// <summary>
/// The tokenizer data a model file carries, kept raw and byte-exact: the tokenizers in Warble.Text
/// build themselves from it. Only the fields of <see cref="Kind"/> are set.
/// </summary>
internal sealed record TokenizerSource
{
    public required TokenizerKind Kind { get; init; }

    /// <summary>For <see cref="TokenizerKind.Builtin"/>: "multilingual" or "gpt2", openai-whisper's encoding names.</summary>
    public string? BuiltinName { get; init; }

    /// <summary>For <see cref="TokenizerKind.GgmlVocab"/>: the byte string of each BPE rank, in rank order.</summary>
    public IReadOnlyList<byte[]>? TokenBytes { get; init; }

    /// <summary>Hugging Face vocab.json text.</summary>
    public string? VocabJson { get; init; }

    /// <summary>Hugging Face merges.txt text (with its "#version" line).</summary>
    public string? MergesText { get; init; }

    /// <summary>Hugging Face tokenizer.json text.</summary>
    public string? TokenizerJson { get; init; }

    /// <summary>Hugging Face added_tokens.json text.</summary>
    public string? AddedTokensJson { get; init; }

    /// <summary>The SentencePiece model file (a serialized ModelProto).</summary>
    public byte[]? SentencePieceModel { get; init; }

    /// <summary>The SentencePiece .vocab text (piece, tab, score per line).</summary>
    public string? SentencePieceVocab { get; init; }

    /// <summary>NeMo's vocab.txt text.</summary>
    public string? NemoVocabText { get; init; }

    /// <summary>One line for <c>warble inspect</c>.</summary>
    public string Summary() => Kind switch
    {
        TokenizerKind.Builtin => $"builtin tiktoken ranks ({BuiltinName})",
        TokenizerKind.GgmlVocab => $"ggml vocabulary, {TokenBytes?.Count ?? 0} tokens",
        TokenizerKind.HuggingFace => $"Hugging Face BPE (vocab.json {Size(VocabJson)}, merges.txt {Size(MergesText)}, tokenizer.json {Size(TokenizerJson)})",
        _ => $"SentencePiece model, {SentencePieceModel?.Length ?? 0} bytes",
    };

    private static string Size(string? text) => text == null ? "absent" : $"{text.Length} chars";
}
