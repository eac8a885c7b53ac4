using System.Globalization;

namespace Warble.Models.Parakeet;

/// <summary>
/// The hyper-parameter block of whisper.cpp's Parakeet ggml files (whisper.cpp <c>parakeet_hparams</c>, read by
/// <c>parakeet_model_load</c> in this order), named after its fields. whisper.cpp's model fixes what the block leaves
/// out: a dw_striding TDT FastConformer with ff_expansion_factor 4, no linear biases, no xscaling, per-layer
/// pos_bias_u/v, joint_hidden = n_pred_dim, and NeMo's preprocessor with a 10 ms hop (<c>PARAKEET_HOP_LENGTH</c>).
/// </summary>
internal sealed record ParakeetGgmlHparams(
    int NVocab,
    int NAudioCtx,
    int NAudioState,
    int NAudioHead,
    int NAudioLayer,
    int NMels,
    int FType,
    int NFft,
    int SubsamplingFactor,
    int NSubsamplingChannels,
    int NConvKernel,
    int NPredDim,
    int NPredLayers,
    int NTdtDurations,
    int NMaxTokens)
{
    /// <summary>Values in the block.</summary>
    public const int Count = 15;

    /// <summary>whisper.cpp's <c>PARAKEET_HOP_LENGTH</c> (160 samples at 16 kHz).</summary>
    public const double WindowStride = 0.01;

    private const int SampleRate = 16000;

    /// <summary>The values in file order, as whisper.cpp's converter writes them.</summary>
    public static ParakeetGgmlHparams FromValues(ReadOnlySpan<int> h) => h.Length == Count
        ? new(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14])
        : throw new ArgumentException($"{Count} values expected, got {h.Length}");

    /// <summary>
    /// Range-checks every value against what Warble's Parakeet path computes (the same limits as model_config.yaml,
    /// docs/model-values.md); a value out of range is a one-line <see cref="ModelFormatException"/> naming the file.
    /// </summary>
    public void Validate(string file)
    {
        Check(file, "n_vocab", NVocab, 1, 1 << 18);
        Check(file, "n_audio_ctx", NAudioCtx, 1, 1 << 20);
        Check(file, "n_audio_state", NAudioState, 1, 8192);
        Check(file, "n_audio_head", NAudioHead, 1, 256);
        Check(file, "n_audio_layer", NAudioLayer, 1, 256);
        Check(file, "n_mels", NMels, 1, 1024);
        Check(file, "ftype", FType, 0, 99_999);
        Check(file, "n_fft", NFft, 1, 8192);
        Check(file, "subsampling_factor", SubsamplingFactor, 2, 16);
        Check(file, "n_subsampling_channels", NSubsamplingChannels, 1, 8192);
        Check(file, "n_conv_kernel", NConvKernel, 1, 255);
        Check(file, "n_pred_dim", NPredDim, 1, 8192);
        Check(file, "n_pred_layers", NPredLayers, 1, 16);
        Check(file, "n_tdt_durations", NTdtDurations, 1, 64);
        Check(file, "n_max_tokens", NMaxTokens, 1, 100);
        if (NAudioState % NAudioHead != 0)
        {
            throw Error(file, $"n_audio_head is {NAudioHead}, which does not divide n_audio_state {NAudioState}");
        }

        if (!int.IsPow2(SubsamplingFactor))
        {
            throw Error(file, $"subsampling_factor is {SubsamplingFactor}, not 2, 4, 8 or 16");
        }

        if (NConvKernel % 2 == 0)
        {
            throw Error(file, $"n_conv_kernel is {NConvKernel}, not odd");
        }
    }

    /// <summary>
    /// The model_config.yaml NeMo would have for this model (its keys, whisper.cpp's fixed choices), so that the config
    /// is parsed and checked by <see cref="ParakeetConfig.Parse"/> like any other and a converted GGUF carries it.
    /// </summary>
    /// <param name="durations">The TDT durations stored after the window.</param>
    /// <param name="windowLength">Samples in the stored analysis window (window_size × 16000).</param>
    public string ToYaml(IReadOnlyList<int> durations, int windowLength)
    {
        string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
        string list = "[" + string.Join(", ", durations) + "]";
        string yaml = $"""
        target: nemo.collections.asr.models.rnnt_bpe_models.EncDecRNNTBPEModel
        preprocessor:
          sample_rate: {SampleRate}
          normalize: per_feature
          window_size: {Number(windowLength / (double)SampleRate)}
          window_stride: {Number(WindowStride)}
          window: hann
          features: {NMels}
          n_fft: {NFft}
          log: true
          frame_splicing: 1
          dither: 0.0
          pad_to: 0
          pad_value: 0.0
        encoder:
          feat_in: {NMels}
          n_layers: {NAudioLayer}
          d_model: {NAudioState}
          n_heads: {NAudioHead}
          subsampling: dw_striding
          subsampling_factor: {SubsamplingFactor}
          subsampling_conv_channels: {NSubsamplingChannels}
          ff_expansion_factor: 4
          self_attention_model: rel_pos
          xscaling: false
          untie_biases: true
          use_bias: false
          conv_kernel_size: {NConvKernel}
        decoder:
          vocab_size: {NVocab}
          prednet:
            pred_hidden: {NPredDim}
            pred_rnn_layers: {NPredLayers}
        joint:
          num_classes: {NVocab}
          num_extra_outputs: {durations.Count}
          jointnet:
            joint_hidden: {NPredDim}
            activation: relu
            encoder_hidden: {NAudioState}
            pred_hidden: {NPredDim}
        decoding:
          model_type: tdt
          durations: {list}
          greedy:
            max_symbols: {NMaxTokens}
        loss:
          loss_name: tdt

        """;

        // The platform's line endings (Environment.NewLine), whatever the source file's are.
        return yaml.ReplaceLineEndings();
    }

    private static void Check(string file, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Error(file, $"{name} is {value}, expected [{min}, {max}]");
        }
    }

    private static ModelFormatException Error(string file, string what) =>
        new($"{file}: whisper.cpp Parakeet hyper-parameter {what}");
}
