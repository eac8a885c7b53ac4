using Warble.Audio;

namespace Warble.Models.Parakeet;

/// <summary>
/// What a Parakeet model_config.yaml says, typed and range-checked once when the model is loaded: the preprocessor, the
/// encoder, the transducer decoder and joint (absent for CTC models), the TDT durations (decoding.durations; empty for
/// RNN-T and CTC), the greedy max_symbols, and the CTC head (CTC models, and the auxiliary head of hybrid TDT/CTC models).
/// </summary>
internal sealed partial record ParakeetConfig(
    ConformerEncoderConfig Encoder,
    RnntDecoderConfig? Decoder,
    RnntJointConfig? Joint,
    int[] Durations,
    int MaxSymbols = 10,
    CtcHeadConfig? Ctc = null)
{
    /// <summary>
    /// nvidia/parakeet-tdt-0.6b-v3's dimensions (24 layers of d_model 1024, 8 heads, dw_striding 8× with 256 channels,
    /// 2-layer LSTM of 640, joint 640, 8192 tokens, durations 0..4), for benchmarks with random weights.
    /// </summary>
    public static ParakeetConfig TdtV3 { get; } = new(
        new ConformerEncoderConfig(128, 24, 1024, 8, SubsamplingConvChannels: 256),
        new RnntDecoderConfig(8192, 640, 2),
        new RnntJointConfig(8192, 5, 1024, 640, 640),
        [0, 1, 2, 3, 4]);

    /// <summary>The <c>preprocessor</c> section (NeMo <c>AudioToMelSpectrogramPreprocessor</c>).</summary>
    public NemoPreprocessorSettings Preprocessor { get; init; } = new();

    /// <summary>The yaml text as stored, so a GGUF can carry the whole config.</summary>
    public string YamlText { get; init; } = "";

    /// <summary>The <c>tokenizer</c> section's artifact references (model_path, spe_tokenizer_vocab, vocab_path), e.g. "nemo:abc_tokenizer.model".</summary>
    public IReadOnlyDictionary<string, string> TokenizerArtifacts { get; init; } = new Dictionary<string, string>();

    /// <summary>The preprocessor's window_stride in seconds.</summary>
    public double WindowStride => Preprocessor.WindowStride;

    /// <summary>The head the model decodes with by default, as NeMo's model class.</summary>
    public ParakeetDecoderKind DecoderKind => (Decoder, Ctc) switch
    {
        (null, _) => ParakeetDecoderKind.Ctc,
        (_, not null) => ParakeetDecoderKind.Hybrid,
        _ => Durations.Length > 0 ? ParakeetDecoderKind.Tdt : ParakeetDecoderKind.Rnnt,
    };

    /// <summary>Tokens without the blank: the transducer's vocab_size, else the CTC head's num_classes.</summary>
    public int VocabSize => Decoder?.VocabSize ?? Ctc?.NumClasses ?? 0;
}
