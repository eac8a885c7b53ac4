using System.Globalization;
using System.Text;

namespace Warble.Models.Parakeet;

/// <summary>
/// The GGUF metadata that parakeet.cpp (LocalAI, mudler/parakeet.cpp <c>scripts/convert_parakeet_to_gguf.py</c>) writes
/// for a NeMo checkpoint whose tensors it keeps under their state-dict names: <c>parakeet.arch</c> and the
/// <c>parakeet.encoder.*</c>, <c>parakeet.preprocessor.*</c>, <c>parakeet.decoder.*</c>, <c>parakeet.joint.*</c>,
/// <c>parakeet.decoding.max_symbols</c>, <c>parakeet.tdt.durations</c> and <c>parakeet.tokenizer.pieces</c> keys. They
/// become the model_config.yaml NeMo would have, checked by <see cref="ParakeetConfig.Parse"/> as any other; every string
/// is matched against the values Warble reads before it is written, so a key cannot add YAML of its own.
/// </summary>
internal static class ParakeetCppGgufKeys
{
    /// <summary>The key that tells this layout from Warble's own parakeet GGUF (which has parakeet.config_yaml).</summary>
    public const string Arch = "parakeet.arch";

    public const string Pieces = "parakeet.tokenizer.pieces";

    /// <summary>The model_config.yaml of the metadata; <paramref name="untieBiases"/> says whether the layers hold their own pos_bias_u/v.</summary>
    public static string ToYaml(IReadOnlyDictionary<string, object> metadata, bool untieBiases, string file)
    {
        var keys = new GgufMetadataReader(metadata, file);
        string arch = keys.String(Arch, "ctc", "rnnt", "tdt", "hybrid_rnnt_ctc", "hybrid_tdt_ctc");
        if (metadata.ContainsKey("parakeet.prompt.present") || metadata.ContainsKey("parakeet.encoder.att_context_style"))
        {
            throw new ModelFormatException($"{file}: parakeet.cpp GGUF of a prompt-conditioned or cache-aware streaming model: Warble does not run these");
        }

        keys.String("parakeet.encoder.conv_norm_type", "batch_norm");
        int d = keys.Int("parakeet.encoder.d_model"), ff = keys.Int("parakeet.encoder.ff_dim"); // both > 0
        if (ff % d != 0)
        {
            throw new ModelFormatException($"{file}: GGUF key 'parakeet.encoder.ff_dim' = {ff} is not a multiple of d_model {d}");
        }

        int sampleRate = keys.Int("parakeet.preprocessor.sample_rate");
        var yaml = new StringBuilder();
        yaml.AppendLine($"target: {Target(arch)}");
        yaml.AppendLine("preprocessor:");
        yaml.AppendLine($"  sample_rate: {sampleRate}");
        yaml.AppendLine($"  normalize: {keys.String("parakeet.preprocessor.normalize", "per_feature", "all_features", "NA")}");
        yaml.AppendLine($"  window_size: {Number(keys.Int("parakeet.preprocessor.win_length") / (double)sampleRate)}");
        yaml.AppendLine($"  window_stride: {Number(keys.Int("parakeet.preprocessor.hop_length") / (double)sampleRate)}");
        yaml.AppendLine($"  features: {keys.Int("parakeet.preprocessor.n_mels")}");
        yaml.AppendLine($"  n_fft: {keys.Int("parakeet.preprocessor.n_fft")}");
        yaml.AppendLine($"  preemph: {Number(keys.Float("parakeet.preprocessor.preemph"))}");
        yaml.AppendLine($"  mag_power: {Number(keys.Float("parakeet.preprocessor.mag_power"))}");
        yaml.AppendLine($"  log_zero_guard_value: {Number(keys.ExactFloat("parakeet.preprocessor.log_zero_guard"))}");
        yaml.AppendLine("  dither: 0.0");
        yaml.AppendLine("  pad_to: 0");
        yaml.AppendLine("encoder:");
        yaml.AppendLine($"  feat_in: {keys.Int("parakeet.encoder.feat_in")}");
        yaml.AppendLine($"  n_layers: {keys.Int("parakeet.encoder.n_layers")}");
        yaml.AppendLine($"  d_model: {d}");
        yaml.AppendLine($"  n_heads: {keys.Int("parakeet.encoder.n_heads")}");
        yaml.AppendLine($"  ff_expansion_factor: {ff / d}");
        yaml.AppendLine($"  subsampling_factor: {keys.Int("parakeet.encoder.subsampling_factor")}");
        yaml.AppendLine($"  subsampling_conv_channels: {keys.Int("parakeet.encoder.subsampling_conv_channels")}");
        yaml.AppendLine($"  conv_kernel_size: {keys.Int("parakeet.encoder.conv_kernel")}");
        yaml.AppendLine($"  xscaling: {Bool(keys.Bool("parakeet.encoder.xscaling"))}");
        yaml.AppendLine($"  use_bias: {Bool(keys.Bool("parakeet.encoder.use_bias"))}");
        yaml.AppendLine($"  untie_biases: {Bool(untieBiases)}");
        Heads(yaml, keys, arch, d);
        return yaml.ToString();
    }

    private static void Heads(StringBuilder yaml, GgufMetadataReader keys, string arch, int d)
    {
        int vocab = keys.Int("parakeet.vocab_size");
        if (keys.Int("parakeet.blank_id") != vocab)
        {
            throw keys.Error("parakeet.blank_id", "is not parakeet.vocab_size");
        }

        if (arch == "ctc")
        {
            yaml.AppendLine($"decoder:\n  num_classes: {vocab}");
            return;
        }

        int predHidden = keys.Int("parakeet.decoder.pred_hidden");
        int[] durations = arch.Contains("tdt", StringComparison.Ordinal) ? keys.Ints("parakeet.tdt.durations") : [];
        yaml.AppendLine($"decoder:\n  vocab_size: {vocab}\n  prednet:\n    pred_hidden: {predHidden}\n    pred_rnn_layers: {keys.Int("parakeet.decoder.pred_rnn_layers")}");
        yaml.AppendLine($"joint:\n  num_classes: {vocab}\n  num_extra_outputs: {durations.Length}\n  jointnet:");
        yaml.AppendLine($"    joint_hidden: {keys.Int("parakeet.joint.joint_hidden")}\n    activation: {keys.String("parakeet.joint.activation", "relu")}");
        yaml.AppendLine($"    encoder_hidden: {d}\n    pred_hidden: {predHidden}");
        int maxSymbols = keys.Has("parakeet.decoding.max_symbols") ? keys.Int("parakeet.decoding.max_symbols") : 10;
        yaml.AppendLine($"decoding:\n  model_type: {(durations.Length > 0 ? "tdt" : "rnnt")}\n  greedy:\n    max_symbols: {maxSymbols}");
        if (durations.Length > 0)
        {
            yaml.AppendLine($"  durations: [{string.Join(", ", durations)}]\nloss:\n  loss_name: tdt");
        }

        if (arch.StartsWith("hybrid", StringComparison.Ordinal))
        {
            yaml.AppendLine($"aux_ctc:\n  decoder:\n    num_classes: {vocab}");
        }
    }

    private static string Target(string arch) => arch switch
    {
        "ctc" => "nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE",
        "rnnt" or "tdt" => "nemo.collections.asr.models.rnnt_bpe_models.EncDecRNNTBPEModel",
        _ => "nemo.collections.asr.models.hybrid_rnnt_ctc_bpe_models.EncDecHybridRNNTCTCBPEModel",
    };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";
}
