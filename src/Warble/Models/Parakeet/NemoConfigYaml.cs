using System.Globalization;
using System.Text;

namespace Warble.Models.Parakeet;

/// <summary>
/// The sections of a NeMo model_config.yaml that the Parakeet GGUF layouts of other tools (parakeet.cpp,
/// NeMo-Speech.cpp) are turned back into, written once: each layout reads its own keys and hands the values here.
/// </summary>
internal static class NemoConfigYaml
{
    /// <summary>preprocessor: the mel front end; a layout appends the keys only it carries after this.</summary>
    public static void AppendPreprocessor(StringBuilder yaml, int sampleRate, string normalize, double windowSeconds, double strideSeconds,
        int features, int nFft, double preemph)
    {
        yaml.AppendLine("preprocessor:");
        yaml.AppendLine($"  sample_rate: {sampleRate}");
        yaml.AppendLine($"  normalize: {normalize}");
        yaml.AppendLine($"  window_size: {Number(windowSeconds)}");
        yaml.AppendLine($"  window_stride: {Number(strideSeconds)}");
        yaml.AppendLine($"  features: {features}");
        yaml.AppendLine($"  n_fft: {nFft}");
        yaml.AppendLine($"  preemph: {Number(preemph)}");
        yaml.AppendLine("  pad_to: 0");
    }

    /// <summary>
    /// encoder: from the keys <paramref name="prefix"/>feat_in, n_layers, d_model, n_heads, subsampling_factor,
    /// subsampling_conv_channels, xscaling and use_bias, which both layouts name alike, and the two they name apart
    /// (the feed-forward width and the convolution kernel). Returns d_model.
    /// </summary>
    public static int AppendEncoder(StringBuilder yaml, GgufMetadataReader keys, string prefix, string feedForwardKey, string convKernelKey, bool untieBiases)
    {
        int d = keys.Int(prefix + "d_model"), ff = keys.Int(prefix + feedForwardKey); // both > 0
        if (ff % d != 0)
        {
            throw keys.Error(prefix + feedForwardKey, $"= {ff} is not a multiple of d_model {d}");
        }

        yaml.AppendLine("encoder:");
        yaml.AppendLine($"  feat_in: {keys.Int(prefix + "feat_in")}");
        yaml.AppendLine($"  n_layers: {keys.Int(prefix + "n_layers")}");
        yaml.AppendLine($"  d_model: {d}");
        yaml.AppendLine($"  n_heads: {keys.Int(prefix + "n_heads")}");
        yaml.AppendLine($"  ff_expansion_factor: {ff / d}");
        yaml.AppendLine($"  subsampling_factor: {keys.Int(prefix + "subsampling_factor")}");
        yaml.AppendLine($"  subsampling_conv_channels: {keys.Int(prefix + "subsampling_conv_channels")}");
        yaml.AppendLine($"  conv_kernel_size: {keys.Int(prefix + convKernelKey)}");
        yaml.AppendLine($"  xscaling: {Bool(keys.Bool(prefix + "xscaling"))}");
        yaml.AppendLine($"  use_bias: {Bool(keys.Bool(prefix + "use_bias"))}");
        yaml.AppendLine($"  untie_biases: {Bool(untieBiases)}");
        return d;
    }

    /// <summary>decoder:, joint: and decoding: of an RNN-T, or of a TDT when <paramref name="durations"/> are given.</summary>
    public static void AppendTransducer(StringBuilder yaml, int vocab, int predHidden, int predLayers, int jointHidden, string activation,
        int encoderHidden, int maxSymbols, int[] durations)
    {
        yaml.AppendLine($"decoder:\n  vocab_size: {vocab}\n  prednet:\n    pred_hidden: {predHidden}\n    pred_rnn_layers: {predLayers}");
        yaml.AppendLine($"joint:\n  num_classes: {vocab}\n  num_extra_outputs: {durations.Length}\n  jointnet:");
        yaml.AppendLine($"    joint_hidden: {jointHidden}\n    activation: {activation}\n    encoder_hidden: {encoderHidden}\n    pred_hidden: {predHidden}");
        yaml.AppendLine($"decoding:\n  model_type: {(durations.Length > 0 ? "tdt" : "rnnt")}\n  greedy:\n    max_symbols: {maxSymbols}");
        if (durations.Length > 0)
        {
            yaml.AppendLine($"  durations: [{string.Join(", ", durations)}]\nloss:\n  loss_name: tdt");
        }
    }

    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
