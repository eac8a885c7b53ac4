namespace Warble.Models.Parakeet;

/// <summary>
/// Reads model_config.yaml once, as NeMo's <c>EncDecRNNTBPEModel</c>, <c>EncDecCTCModelBPE</c> and
/// <c>EncDecHybridRNNTCTCBPEModel</c> read it, checking every value the network and the preprocessor use.
/// </summary>
internal sealed partial record ParakeetConfig
{
    private const int DefaultMaxSymbols = 10;
    private const int MaxVocabSize = 1 << 18;
    private const int MaxWidth = 8192;

    /// <summary>
    /// Maps the yaml's <c>preprocessor</c>, <c>encoder</c>, <c>decoder</c>, <c>joint</c> and <c>decoding</c> sections
    /// (durations from decoding.durations, else model_defaults.tdt_durations; max_symbols from decoding.greedy); for
    /// CTC models the <c>decoder</c> section (num_classes), for hybrid models also <c>aux_ctc.decoder</c>. Any value of
    /// the wrong type or out of range is a one-line <see cref="ModelFormatException"/> naming <paramref name="file"/>.
    /// </summary>
    public static ParakeetConfig Parse(string yamlText, string file)
    {
        YamlSection yaml = YamlSection.Parse(yamlText, file);
        ConformerEncoderConfig encoder = ReadEncoder(yaml.Section("encoder"));
        var artifacts = new[] { "model_path", "spe_tokenizer_vocab", "vocab_path" }
            .Select(key => (key, Value: yaml.Section("tokenizer").String(key)))
            .Where(a => a.Value is not null)
            .ToDictionary(a => a.key, a => a.Value!, StringComparer.Ordinal);
        ParakeetConfig config = ReadHeads(yaml, encoder) with
        {
            Preprocessor = ReadPreprocessor(yaml.Section("preprocessor"), encoder.FeatIn),
            YamlText = yamlText,
            TokenizerArtifacts = artifacts,
        };
        config.CheckConsistency(file);
        return config;
    }

    /// <summary>
    /// The <c>encoder</c> section (NeMo <c>ConformerEncoder</c> arguments): dw_striding subsampling, rel_pos or
    /// rel_pos_local_attn attention; subsampling_conv_channels −1 means d_model.
    /// </summary>
    private static ConformerEncoderConfig ReadEncoder(YamlSection section)
    {
        section.String("subsampling", "dw_striding", "dw_striding");
        string attention = section.String("self_attention_model", ConformerEncoderConfig.RelPos, ConformerEncoderConfig.RelPos, ConformerEncoderConfig.RelPosLocalAttn);
        int d = section.Int("d_model", 1, MaxWidth) ?? throw section.Error("d_model", "is missing");
        int heads = section.Int("n_heads", 8, 1, 256);
        int subsampling = section.Int("subsampling_factor", 4, 2, 16);
        int channels = section.Int("subsampling_conv_channels", -1, -1, MaxWidth);
        int kernel = section.Int("conv_kernel_size", 31, 1, 255);
        if (d % heads != 0)
        {
            throw section.Error("n_heads", $"is {heads}, which does not divide d_model {d}");
        }

        if (!int.IsPow2(subsampling))
        {
            throw section.Error("subsampling_factor", $"is {subsampling}, not 2, 4, 8 or 16");
        }

        if (kernel % 2 == 0)
        {
            throw section.Error("conv_kernel_size", $"is {kernel}, not odd");
        }

        if (channels == 0)
        {
            throw section.Error("subsampling_conv_channels", "is 0, not -1 (d_model) or a width");
        }

        var encoder = new ConformerEncoderConfig(
            section.Int("feat_in", 1, 1024) ?? throw section.Error("feat_in", "is missing"),
            section.Int("n_layers", 1, 256) ?? throw section.Error("n_layers", "is missing"),
            d,
            heads,
            section.Int("ff_expansion_factor", 4, 1, 16),
            subsampling,
            channels == -1 ? d : channels,
            kernel,
            section.Bool("xscaling", true),
            section.Bool("untie_biases", true),
            section.Bool("use_bias", true),
            attention,
            AttContext(section));
        encoder.Validate(section.File);
        return encoder;
    }

    /// <summary>
    /// encoder.att_context_size as NeMo's <c>ConformerEncoder._calc_context_sizes</c> reads it: [left, right], or a list
    /// of such pairs of which inference uses the first; absent or [−1, −1] is null (full context).
    /// </summary>
    private static AttContextSize? AttContext(YamlSection section)
    {
        int[]? sizes = section.FirstInts("att_context_size", -1, AttContextSize.MaxContext, 2);
        if (sizes is null)
        {
            return null;
        }

        if (sizes.Length != 2)
        {
            throw section.Error("att_context_size", $"holds {sizes.Length} values, not [left, right]");
        }

        return sizes is [-1, -1] ? null : new AttContextSize(sizes[0], sizes[1]);
    }

    private static ParakeetConfig ReadHeads(YamlSection yaml, ConformerEncoderConfig encoder)
    {
        ParakeetDecoderKind kind = DetectDecoderKind(yaml);
        YamlSection decoderSection = yaml.Section("decoder");
        if (kind == ParakeetDecoderKind.Ctc)
        {
            int classes = decoderSection.Int("num_classes", 1, MaxVocabSize) ?? decoderSection.Int("vocab_size", 1, MaxVocabSize)
                ?? throw decoderSection.Error("num_classes", "is missing");
            return new ParakeetConfig(encoder, null, null, [], DefaultMaxSymbols, new CtcHeadConfig(classes, "decoder"));
        }

        YamlSection prednet = decoderSection.Section("prednet");
        var decoder = new RnntDecoderConfig(
            decoderSection.Int("vocab_size", 1, MaxVocabSize) ?? throw decoderSection.Error("vocab_size", "is missing"),
            prednet.Int("pred_hidden", 1, MaxWidth) ?? throw prednet.Error("pred_hidden", "is missing"),
            prednet.Int("pred_rnn_layers", 1, 1, 16));
        YamlSection joint = yaml.Section("joint");
        YamlSection jointnet = joint.Section("jointnet");
        jointnet.String("activation", "relu", "relu");
        var jointConfig = new RnntJointConfig(
            joint.Int("num_classes", decoder.VocabSize, 1, MaxVocabSize),
            joint.Int("num_extra_outputs", 0, 0, 64),
            jointnet.Int("encoder_hidden", encoder.DModel, 1, MaxWidth),
            jointnet.Int("pred_hidden", decoder.PredHidden, 1, MaxWidth),
            jointnet.Int("joint_hidden", 1, MaxWidth) ?? throw jointnet.Error("joint_hidden", "is missing"));
        int[] durations = IsTdt(yaml, kind) ? ReadDurations(yaml) : [];
        CtcHeadConfig? auxiliaryCtc = kind == ParakeetDecoderKind.Hybrid
            ? new CtcHeadConfig(yaml.Section("aux_ctc").Section("decoder").Int("num_classes", decoder.VocabSize, 1, MaxVocabSize), "ctc_decoder")
            : null;
        int maxSymbols = yaml.Section("decoding").Section("greedy").Int("max_symbols", DefaultMaxSymbols, 1, 100);
        return new ParakeetConfig(encoder, decoder, jointConfig, durations, maxSymbols, auxiliaryCtc);
    }

    private static int[] ReadDurations(YamlSection yaml)
    {
        const int MaxDuration = 1024, MaxCount = 64;
        int[] durations = yaml.Section("decoding").Ints("durations", 0, MaxDuration, MaxCount)
            ?? yaml.Section("model_defaults").Ints("tdt_durations", 0, MaxDuration, MaxCount)
            ?? throw yaml.Section("decoding").Error("durations", "is missing for a TDT model");
        return durations.Length > 0 ? durations : throw yaml.Section("decoding").Error("durations", "is empty for a TDT model");
    }

    private static ParakeetDecoderKind DetectDecoderKind(YamlSection yaml)
    {
        string target = yaml.String("target") ?? "";
        if (target.Contains("Hybrid", StringComparison.Ordinal))
        {
            return ParakeetDecoderKind.Hybrid;
        }

        if (target.Contains("CTC", StringComparison.OrdinalIgnoreCase) || !yaml.Has("joint"))
        {
            return ParakeetDecoderKind.Ctc;
        }

        return IsTdt(yaml, ParakeetDecoderKind.Tdt) ? ParakeetDecoderKind.Tdt : ParakeetDecoderKind.Rnnt;
    }

    // A transducer (plain or hybrid) is TDT when its loss or its decoding says so.
    private static bool IsTdt(YamlSection yaml, ParakeetDecoderKind kind) => kind != ParakeetDecoderKind.Ctc
        && (yaml.Section("loss").String("loss_name") == "tdt" || yaml.Section("decoding").String("model_type") == "tdt");

    // What ParakeetModel's constructor would refuse, checked here so inspect and transcribe agree on what loads.
    private void CheckConsistency(string file)
    {
        if (Preprocessor.Features != Encoder.FeatIn)
        {
            throw new ModelFormatException($"{file}: model_config.yaml preprocessor.features is {Preprocessor.Features}, encoder.feat_in {Encoder.FeatIn}");
        }

        if (Decoder is { } decoder && Joint is { } joint
            && (joint.NumClasses != decoder.VocabSize || joint.NumExtraOutputs != Durations.Length
                || joint.EncoderHidden != Encoder.DModel || joint.PredHidden != decoder.PredHidden))
        {
            throw new ModelFormatException($"{file}: model_config.yaml joint ({joint}) does not match the encoder, decoder ({decoder}) and {Durations.Length} durations");
        }

        if (Decoder is not null && Ctc is { } ctc && ctc.NumClasses != Decoder.VocabSize)
        {
            throw new ModelFormatException($"{file}: model_config.yaml aux_ctc has {ctc.NumClasses} classes, the transducer {Decoder.VocabSize}");
        }
    }
}
