namespace Warble.Models.Parakeet;

/// <summary>
/// What a Parakeet model_config.yaml says about the network: the encoder, the transducer decoder and joint (absent
/// for CTC models), the TDT durations (decoding.durations; empty for RNN-T and CTC), the greedy max_symbols, the
/// preprocessor's window_stride, and the CTC head (CTC models, and the auxiliary head of hybrid TDT/CTC models).
/// </summary>
internal sealed partial record ParakeetConfig(
    ConformerEncoderConfig Encoder,
    RnntDecoderConfig? Decoder,
    RnntJointConfig? Joint,
    int[] Durations,
    int MaxSymbols = 10,
    double WindowStride = 0.01,
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
}
