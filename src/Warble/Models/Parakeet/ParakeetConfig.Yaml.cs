using System.Globalization;
using YamlDotNet.RepresentationModel;
using YamlConfig = Warble.Formats.ParakeetConfig;

namespace Warble.Models.Parakeet;

/// <summary>
/// The network config from a model_config.yaml tree, as NeMo's <c>EncDecRNNTBPEModel</c>, <c>EncDecCTCModelBPE</c> and
/// <c>EncDecHybridRNNTCTCBPEModel</c> read it.
/// </summary>
internal sealed partial record ParakeetConfig
{
    private const int DefaultMaxSymbols = 10;

    /// <summary>
    /// Maps the yaml's <c>encoder</c>, <c>decoder</c>, <c>joint</c> and <c>decoding</c> sections (durations from
    /// decoding.durations, else model_defaults.tdt_durations; max_symbols from decoding.greedy) and the preprocessor's
    /// window_stride; for CTC models the <c>decoder</c> section (num_classes), for hybrid models also <c>aux_ctc.decoder</c>.
    /// </summary>
    public static ParakeetConfig FromYaml(YamlConfig yaml, string source)
    {
        string subsampling = yaml.Scalar("encoder", "subsampling") ?? "dw_striding";
        if (subsampling != "dw_striding")
        {
            throw new ModelFormatException($"{source}: encoder subsampling '{subsampling}' is not supported (dw_striding)");
        }

        int d = yaml.EncoderDModel;
        int channels = Int(yaml, -1, "encoder", "subsampling_conv_channels");
        var encoder = new ConformerEncoderConfig(yaml.EncoderFeatIn, yaml.EncoderNLayers, d, yaml.EncoderNHeads,
            yaml.EncoderFfExpansionFactor, yaml.EncoderSubsamplingFactor, channels == -1 ? d : channels, yaml.EncoderConvKernelSize,
            Bool(yaml, true, "encoder", "xscaling"), Bool(yaml, true, "encoder", "untie_biases"), Bool(yaml, true, "encoder", "use_bias"),
            yaml.Scalar("encoder", "self_attention_model") ?? ConformerEncoderConfig.RelPos, AttContext(yaml, source));
        encoder.Validate(source);
        if (yaml.DecoderKind == Formats.ParakeetDecoderKind.Ctc)
        {
            return new ParakeetConfig(encoder, null, null, [], DefaultMaxSymbols, yaml.PreprocessorWindowStride,
                new CtcHeadConfig(yaml.DecoderVocabSize, "decoder"));
        }

        var decoder = new RnntDecoderConfig(yaml.DecoderVocabSize, yaml.DecoderPredHidden, yaml.DecoderPredRnnLayers);
        var joint = new RnntJointConfig(yaml.JointNumClasses, yaml.JointNumExtraOutputs,
            Int(yaml, d, "joint", "jointnet", "encoder_hidden"), Int(yaml, yaml.DecoderPredHidden, "joint", "jointnet", "pred_hidden"),
            yaml.JointJointHidden);
        int[] durations = IsTdt(yaml)
            ? Ints(yaml, "decoding", "durations") ?? Ints(yaml, "model_defaults", "tdt_durations")
                ?? throw new ModelFormatException($"{source}: a TDT model_config.yaml lacks decoding.durations")
            : [];
        CtcHeadConfig? auxiliaryCtc = yaml.DecoderKind == Formats.ParakeetDecoderKind.Hybrid
            ? new CtcHeadConfig(Int(yaml, yaml.DecoderVocabSize, "aux_ctc", "decoder", "num_classes"), "ctc_decoder")
            : null;
        return new ParakeetConfig(encoder, decoder, joint, durations, Int(yaml, DefaultMaxSymbols, "decoding", "greedy", "max_symbols"),
            yaml.PreprocessorWindowStride, auxiliaryCtc);
    }

    // A hybrid model's transducer is TDT when its loss or decoding says so, as for plain transducers.
    private static bool IsTdt(YamlConfig yaml) => yaml.DecoderKind == Formats.ParakeetDecoderKind.Tdt
        || (yaml.DecoderKind == Formats.ParakeetDecoderKind.Hybrid
            && (yaml.Scalar("loss", "loss_name") == "tdt" || yaml.Scalar("decoding", "model_type") == "tdt"));

    private static int Int(YamlConfig yaml, int fallback, params string[] path) =>
        int.TryParse(yaml.Scalar(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    private static bool Bool(YamlConfig yaml, bool fallback, params string[] path) =>
        bool.TryParse(yaml.Scalar(path), out bool value) ? value : fallback;

    /// <summary>
    /// encoder.att_context_size as NeMo's <c>ConformerEncoder._calc_context_sizes</c> reads it: [left, right], or a list
    /// of such pairs of which inference uses the first; absent or [−1, −1] is null (full context).
    /// </summary>
    private static AttContextSize? AttContext(YamlConfig yaml, string source)
    {
        YamlNode? node = Node(yaml, "encoder", "att_context_size");
        if (node is YamlSequenceNode { Children: [YamlSequenceNode first, ..] })
        {
            node = first;
        }

        if (node is not YamlSequenceNode pair)
        {
            return null;
        }

        int[] sizes = Ints(pair, $"{source}: encoder.att_context_size");
        if (sizes.Length != 2)
        {
            throw new ModelFormatException($"{source}: encoder.att_context_size holds {sizes.Length} values, not [left, right]");
        }

        return sizes is [-1, -1] ? null : new AttContextSize(sizes[0], sizes[1]);
    }

    private static int[]? Ints(YamlConfig yaml, params string[] path) =>
        Node(yaml, path) is YamlSequenceNode sequence ? Ints(sequence, $"model_config.yaml: {string.Join('.', path)}") : null;

    private static YamlNode? Node(YamlConfig yaml, params string[] path)
    {
        YamlNode node = yaml.Root;
        foreach (string key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <param name="what">The file and key, for the error message.</param>
    private static int[] Ints(YamlSequenceNode sequence, string what) =>
        sequence.Children.Select(c => c is YamlScalarNode { Value: { } text }
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ModelFormatException($"{what} holds a non-integer")).ToArray();
}
