using Warble.Audio;
using Warble.Formats;
using Warble.Models.Common;
using Warble.Models.Whisper.Decoding;
using Warble.Text;
using Warble.Transcription;


namespace Warble.Models.Whisper;

/// <summary>
/// A loaded Whisper checkpoint: encoder, decoder, tokenizer, mel filters and alignment heads, as openai-whisper's
/// <c>Whisper</c> module plus what <c>load_model</c> and <c>get_tokenizer</c> attach to it. The model is immutable and
/// shared by any number of threads; the mutable decoding state lives in a <see cref="WhisperSession"/> per call.
/// </summary>
internal sealed class WhisperModel : IWhisperModel
{
    public WhisperModel(WeightSource weights, WhisperDimensions dims, WhisperTokenizer tokenizer, MelFilterBank filters,
        IReadOnlyList<AlignmentHead>? alignmentHeads)
    {
        Dims = dims;
        Encoder = new AudioEncoder(weights, dims);
        Decoder = new TextDecoder(weights, dims);
        Tokenizer = new WhisperTokenizerView(tokenizer);
        MelFilters = filters;
        AlignmentHeads = alignmentHeads is { Count: > 0 } ? [.. alignmentHeads.OrderBy(h => h.Layer).ThenBy(h => h.Head)] : DefaultAlignmentHeads(dims);
    }

    public WhisperDimensions Dims { get; }

    /// <summary>Names the cause when the encoder output is not finite.</summary>
    public NonFiniteGuard Guard { get; init; } = NonFiniteGuard.None;

    public AudioEncoder Encoder { get; }

    public TextDecoder Decoder { get; }

    public WhisperTokenizerView Tokenizer { get; }

    public MelFilterBank MelFilters { get; }

    /// <summary>(layer, head) pairs in openai's order (row-major over the boolean mask).</summary>
    public IReadOnlyList<AlignmentHead> AlignmentHeads { get; }

    public int NAudioCtx => Dims.NAudioCtx;

    public int NTextCtx => Dims.NTextCtx;

    public int NVocab => Dims.NVocab;

    /// <summary>Builds the model from any loaded file (openai .pt, whisper.cpp .bin, Hugging Face folder, GGUF).</summary>
    public static WhisperModel FromLoaded(LoadedModel loaded)
    {
        WhisperDimensions dims = ModelLoader.Checked(loaded).RequireWhisper();
        var weights = new WeightSource((name, _) => loaded.Weights.TryGet(name, out var view) ? view : null, loaded.Source);
        MelFilterBank filters = loaded.MelFilters is { } stored
            ? new MelFilterBank(stored.Values, stored.NMel, stored.NFft)
            : WhisperLogMel.Filters(dims.NMels);
        return new WhisperModel(weights, dims, CreateTokenizer(loaded.Tokenizer, dims, loaded.Source), filters, loaded.AlignmentHeads)
        {
            Guard = new NonFiniteGuard(loaded.Source, loaded.Weights),
        };
    }

    /// <summary>The log-mel spectrogram of a whole file, padded as <c>transcribe()</c> pads it.</summary>
    public MelSpectrogram LogMel(ReadOnlySpan<float> audio) =>
        new(WhisperLogMel.Compute(audio, Dims.NMels, padding: WhisperLogMel.NSamples, MelFilters), Dims.NMels);

    /// <summary>Encodes one window [n_mels, 3000] into a new session bound to it (a window loop reuses one <see cref="WhisperSession"/> instead).</summary>
    public IWhisperDecoderSession Encode(ReadOnlySpan<float> mel) => new WhisperSession(this).Encode(mel);

    /// <summary>openai-whisper's default: every head of the last half of the decoder layers.</summary>
    private static AlignmentHead[] DefaultAlignmentHeads(WhisperDimensions dims)
    {
        var heads = new List<AlignmentHead>();
        for (int layer = dims.NTextLayer / 2; layer < dims.NTextLayer; layer++)
        {
            for (int head = 0; head < dims.NTextHead; head++)
            {
                heads.Add(new AlignmentHead(layer, head));
            }
        }

        return [.. heads];
    }

    private static WhisperTokenizer CreateTokenizer(TokenizerSource source, WhisperDimensions dims, string file) => source.Kind switch
    {
        TokenizerKind.Builtin => WhisperTokenizer.FromEmbedded(dims.IsMultilingual, dims.NVocab),
        TokenizerKind.GgmlVocab => WhisperTokenizer.FromGgmlVocabulary(source.TokenBytes!, dims.NVocab, file),
        TokenizerKind.HuggingFace when source.TokenizerJson is { } json =>
            new WhisperTokenizer(ByteLevelBpe.FromTokenizerJson(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), file), dims.NVocab, file),
        TokenizerKind.HuggingFace when source.VocabJson is { } vocab && source.MergesText is { } merges =>
            new WhisperTokenizer(ByteLevelBpe.FromVocabAndMerges(
                new MemoryStream(System.Text.Encoding.UTF8.GetBytes(vocab)), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(merges)), file), dims.NVocab, file),
        _ => throw new ModelFormatException($"{file}: no Whisper tokenizer in the model ({source.Summary()})"),
    };
}
