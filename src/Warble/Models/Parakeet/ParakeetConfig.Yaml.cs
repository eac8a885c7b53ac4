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
        string attention = yaml.Scalar("encoder", "self_attention_model") ?? "rel_pos";
        if (subsampling != "dw_striding" || attention != "rel_pos")
        {
            throw new ModelFormatException($"{source}: encoder subsampling '{subsampling}' / attention '{attention}' is not supported (dw_striding, rel_pos)");
        }

        int d = yaml.EncoderDModel;
        int channels = Int(yaml, -1, "encoder", "subsampling_conv_channels");
        var encoder = new ConformerEncoderConfig(yaml.EncoderFeatIn, yaml.EncoderNLayers, d, yaml.EncoderNHeads,
            yaml.EncoderFfExpansionFactor, yaml.EncoderSubsamplingFactor, channels == -1 ? d : channels, yaml.EncoderConvKernelSize,
            Bool(yaml, true, "encoder", "xscaling"), Bool(yaml, true, "encoder", "untie_biases"), Bool(yaml, true, "encoder", "use_bias"));
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

    private static int[]? Ints(YamlConfig yaml, params string[] path)
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

        if (node is not YamlSequenceNode sequence)
        {
            return null;
        }

        return sequence.Children.Select(c => c is YamlScalarNode { Value: { } text }
                && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ModelFormatException($"model_config.yaml: {string.Join('.', path)} holds a non-integer")).ToArray();
    }
}
