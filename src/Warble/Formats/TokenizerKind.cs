namespace Warble.Formats;

/// <summary>Which raw tokenizer data a <see cref="TokenizerSource"/> carries.</summary>
internal enum TokenizerKind
{
    /// <summary>The checkpoint has none (openai <c>.pt</c>): use the bundled tiktoken ranks named by <see cref="TokenizerSource.BuiltinName"/>.</summary>
    Builtin,

    /// <summary>whisper.cpp's vocabulary: one byte string per BPE rank (<see cref="TokenizerSource.TokenBytes"/>).</summary>
    GgmlVocab,

    /// <summary>Hugging Face files: vocab.json + merges.txt, and tokenizer.json / added_tokens.json when present.</summary>
    HuggingFace,

    /// <summary>A SentencePiece model (NeMo), with its .vocab and NeMo's vocab.txt when present.</summary>
    SentencePiece,
}
