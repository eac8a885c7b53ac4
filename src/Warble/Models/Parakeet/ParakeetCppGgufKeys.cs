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
        int sampleRate = keys.Int("parakeet.preprocessor.sample_rate");
        var yaml = new StringBuilder();
        yaml.AppendLine($"target: {Target(arch)}");
        NemoConfigYaml.AppendPreprocessor(yaml, sampleRate, keys.String("parakeet.preprocessor.normalize", "per_feature", "all_features", "NA"),
            keys.Int("parakeet.preprocessor.win_length") / (double)sampleRate, keys.Int("parakeet.preprocessor.hop_length") / (double)sampleRate,
            keys.Int("parakeet.preprocessor.n_mels"), keys.Int("parakeet.preprocessor.n_fft"), keys.Float("parakeet.preprocessor.preemph"));
        yaml.AppendLine($"  mag_power: {NemoConfigYaml.Number(keys.Float("parakeet.preprocessor.mag_power"))}");
        yaml.AppendLine($"  log_zero_guard_value: {NemoConfigYaml.Number(keys.ExactFloat("parakeet.preprocessor.log_zero_guard"))}");
        yaml.AppendLine("  dither: 0.0");
        int d = NemoConfigYaml.AppendEncoder(yaml, keys, "parakeet.encoder.", "ff_dim", "conv_kernel", untieBiases);
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

        int[] durations = arch.Contains("tdt", StringComparison.Ordinal) ? keys.Ints("parakeet.tdt.durations") : [];
        int maxSymbols = keys.Has("parakeet.decoding.max_symbols") ? keys.Int("parakeet.decoding.max_symbols") : 10;
        NemoConfigYaml.AppendTransducer(yaml, vocab, keys.Int("parakeet.decoder.pred_hidden"), keys.Int("parakeet.decoder.pred_rnn_layers"),
            keys.Int("parakeet.joint.joint_hidden"), keys.String("parakeet.joint.activation", "relu"), d, maxSymbols, durations);
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
}
