namespace Warble.Formats;

/// <summary>The GGUF metadata keys Warble writes and reads (documented in docs/gguf.md).</summary>
internal static class GgufKeys
{
    public const string Architecture = "general.architecture";
    public const string Name = "general.name";
    public const string WarbleSourceFormat = "general.warble.source_format";

    public const string WhisperPrefix = "whisper.";
    public const string WhisperAlignmentHeads = "whisper.alignment_heads";
    public const string WhisperMelFilters = "whisper.mel_filters";
    public const string WhisperMelFiltersNMel = "whisper.mel_filters.n_mel";
    public const string WhisperMelFiltersNFft = "whisper.mel_filters.n_fft";

    public const string ParakeetConfigYaml = "parakeet.config_yaml";
    public const string ParakeetDecoderKind = "parakeet.decoder_kind";

    public const string TokenizerKind = "tokenizer.warble.kind";
    public const string TokenizerBuiltin = "tokenizer.warble.builtin";
    public const string TokenizerTokenBytes = "tokenizer.warble.token_bytes";
    public const string TokenizerTokenLengths = "tokenizer.warble.token_lengths";
    public const string TokenizerVocabJson = "tokenizer.warble.vocab_json";
    public const string TokenizerMerges = "tokenizer.warble.merges";
    public const string TokenizerAddedTokensJson = "tokenizer.warble.added_tokens_json";
    public const string TokenizerHuggingFaceJson = "tokenizer.huggingface.json";
    public const string SentencePieceModel = "tokenizer.sentencepiece.model";
    public const string SentencePieceVocab = "tokenizer.sentencepiece.vocab";
    public const string NemoVocabText = "tokenizer.nemo.vocab_txt";
    public const string BosTokenId = "tokenizer.ggml.bos_token_id";
    public const string EosTokenId = "tokenizer.ggml.eos_token_id";
    public const string BlankTokenId = "tokenizer.ggml.blank_token_id";

    /// <summary>openai <c>ModelDimensions</c> field names, in order, as stored under "whisper.".</summary>
    public static readonly string[] WhisperDimensionNames =
    [
        "n_mels", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer",
        "n_vocab", "n_text_ctx", "n_text_state", "n_text_head", "n_text_layer",
    ];
}
