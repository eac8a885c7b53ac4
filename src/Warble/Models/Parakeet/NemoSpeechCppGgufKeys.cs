using System.Text;

namespace Warble.Models.Parakeet;

/// <summary>
/// The GGUF metadata NVIDIA's NeMo-Speech.cpp (<c>conversion/asr.py</c>) writes for FastConformer CTC, RNN-T and TDT
/// checkpoints: <c>general.architecture</c> <c>asr</c>, <c>asr.head_type</c> and the <c>asr.encoder.*</c>,
/// <c>asr.preprocessor.*</c>, <c>asr.ctc.*</c>, <c>asr.rnnt.*</c> and <c>asr.tdt.durations</c> keys. They become the
/// model_config.yaml NeMo would have, checked by <see cref="ParakeetConfig.Parse"/>; strings are matched against the
/// values Warble reads before they are written. Cache-aware streaming, prompt-conditioned and planar-q8 files are refused.
/// </summary>
internal static class NemoSpeechCppGgufKeys
{
    public const string Architecture = "asr";

    public const string SentencePieceModel = "asr.tokenizer.spm_model";

    public const string Pieces = "asr.tokenizer.vocab";

    /// <summary>The model_config.yaml of the metadata; <paramref name="untieBiases"/> says whether the layers hold their own pos_bias_u/v.</summary>
    public static string ToYaml(IReadOnlyDictionary<string, object> metadata, bool untieBiases, string file)
    {
        var keys = new GgufMetadataReader(metadata, file);
        string head = keys.String("asr.head_type", "ctc", "rnnt", "tdt");
        RefuseUnsupported(keys, metadata, file);
        var yaml = new StringBuilder();
        yaml.AppendLine($"target: {(head == "ctc" ? "nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE" : "nemo.collections.asr.models.rnnt_bpe_models.EncDecRNNTBPEModel")}");
        NemoConfigYaml.AppendPreprocessor(yaml, keys.Int("asr.preprocessor.sample_rate"),
            keys.String("asr.preprocessor.normalize", "per_feature", "all_features", "NA"), keys.Float("asr.preprocessor.window_size"),
            keys.Float("asr.preprocessor.window_stride"), keys.Int("asr.preprocessor.features"), keys.Int("asr.preprocessor.n_fft"),
            keys.Float("asr.preprocessor.preemph"));
        int d = NemoConfigYaml.AppendEncoder(yaml, keys, "asr.encoder.", "d_ff", "conv_kernel_size", untieBiases);
        Heads(yaml, keys, head, d);
        return yaml.ToString();
    }

    // What Warble's Parakeet path does not compute: cache-aware streaming (chunked attention, causal convolution),
    // local attention, language prompts, layer-norm convolutions and NeMo-Speech.cpp's CUDA-only planar q8 layout.
    private static void RefuseUnsupported(GgufMetadataReader keys, IReadOnlyDictionary<string, object> metadata, string file)
    {
        keys.String("asr.encoder.conv_norm", "batch_norm");
        keys.String("asr.encoder.att_context_style", "regular");
        foreach (string layout in (string[])["asr.encoder.q8_layout", "asr.encoder.qkv_q8_layout"])
        {
            if (metadata.ContainsKey(layout))
            {
                keys.String(layout, "block_q8_0");
            }
        }

        bool offlineFull = metadata.GetValueOrDefault("asr.encoder.offline_left_ctx") is null or -1
            && metadata.GetValueOrDefault("asr.encoder.offline_right_ctx") is null or -1;
        bool prompts = metadata.GetValueOrDefault("asr.rnnt.num_prompts") is uint and not 0u;
        if (!offlineFull || prompts || metadata.GetValueOrDefault("asr.encoder.conv_context") is string and not ("symmetric" or "None"))
        {
            throw new ModelFormatException($"{file}: NeMo-Speech.cpp GGUF of a limited-context, causal or prompt-conditioned model: Warble does not run these");
        }
    }

    private static void Heads(StringBuilder yaml, GgufMetadataReader keys, string head, int d)
    {
        if (head == "ctc")
        {
            int classes = keys.Int("asr.ctc.num_classes");
            if (keys.Int("asr.ctc.blank_id") != classes)
            {
                throw keys.Error("asr.ctc.blank_id", "is not asr.ctc.num_classes");
            }

            yaml.AppendLine($"decoder:\n  num_classes: {classes}");
            return;
        }

        // asr.rnnt.vocab_size counts the blank, the last id.
        int vocab = keys.Int("asr.rnnt.vocab_size") - 1;
        if (vocab < 1 || keys.Int("asr.rnnt.blank_id") != vocab)
        {
            throw keys.Error("asr.rnnt.blank_id", "is not asr.rnnt.vocab_size − 1");
        }

        int[] durations = head == "tdt" ? keys.Ints("asr.tdt.durations") : [];
        NemoConfigYaml.AppendTransducer(yaml, vocab, keys.Int("asr.rnnt.pred_hidden"), keys.Int("asr.rnnt.pred_num_layers"), keys.Int("asr.rnnt.joint_dim"),
            "relu", d, keys.Int("asr.rnnt.max_symbols_per_step"), durations);
    }
}
