using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Warble.Formats;

/// <summary>
/// A NeMo model config (model_config.yaml) kept as a tree, plus the typed fields loaders and the
/// weight table need. Property names are NeMo's yaml keys in PascalCase, prefixed by their section.
/// </summary>
internal sealed class ParakeetConfig
{
    private const int MaxYamlBytes = 16 << 20;
    private const int MaxNesting = 64;

    private ParakeetConfig(string yamlText, YamlMappingNode root, string file)
    {
        YamlText = yamlText;
        Root = root;
        EncoderFeatIn = Int(file, "encoder", "feat_in");
        EncoderNLayers = Int(file, "encoder", "n_layers");
        EncoderDModel = Int(file, "encoder", "d_model");
        EncoderNHeads = OptionalInt("encoder", "n_heads") ?? 8;
        EncoderFfExpansionFactor = OptionalInt("encoder", "ff_expansion_factor") ?? 4;
        EncoderConvKernelSize = OptionalInt("encoder", "conv_kernel_size") ?? 31;
        EncoderSubsamplingFactor = OptionalInt("encoder", "subsampling_factor") ?? 4;
        PreprocessorSampleRate = OptionalInt("preprocessor", "sample_rate") ?? 16000;
        PreprocessorFeatures = OptionalInt("preprocessor", "features") ?? EncoderFeatIn;
        PreprocessorNFft = OptionalInt("preprocessor", "n_fft") ?? 512;
        PreprocessorWindowSize = OptionalDouble("preprocessor", "window_size") ?? 0.025;
        PreprocessorWindowStride = OptionalDouble("preprocessor", "window_stride") ?? 0.01;
        DecoderKind = DetectDecoderKind();
        DecoderVocabSize = OptionalInt("decoder", "vocab_size") ?? OptionalInt("decoder", "num_classes") ?? 0;
        DecoderPredHidden = OptionalInt("decoder", "prednet", "pred_hidden") ?? 0;
        DecoderPredRnnLayers = OptionalInt("decoder", "prednet", "pred_rnn_layers") ?? 0;
        JointJointHidden = OptionalInt("joint", "jointnet", "joint_hidden") ?? 0;
        JointNumClasses = OptionalInt("joint", "num_classes") ?? 0;
        JointNumExtraOutputs = OptionalInt("joint", "num_extra_outputs") ?? 0;
        CheckRanges(file);
    }

    /// <summary>The yaml text as stored, so a GGUF can carry the whole config.</summary>
    public string YamlText { get; }

    /// <summary>The parsed config tree, for fields not typed here.</summary>
    public YamlMappingNode Root { get; }

    public ParakeetDecoderKind DecoderKind { get; }

    public int EncoderFeatIn { get; }

    public int EncoderNLayers { get; }

    public int EncoderDModel { get; }

    public int EncoderNHeads { get; }

    public int EncoderFfExpansionFactor { get; }

    public int EncoderConvKernelSize { get; }

    public int EncoderSubsamplingFactor { get; }

    public int PreprocessorSampleRate { get; }

    public int PreprocessorFeatures { get; }

    public int PreprocessorNFft { get; }

    public double PreprocessorWindowSize { get; }

    public double PreprocessorWindowStride { get; }

    /// <summary>decoder.vocab_size (CTC: decoder.num_classes): tokens without the blank.</summary>
    public int DecoderVocabSize { get; }

    public int DecoderPredHidden { get; }

    public int DecoderPredRnnLayers { get; }

    public int JointJointHidden { get; }

    public int JointNumClasses { get; }

    /// <summary>joint.num_extra_outputs: the TDT duration logits.</summary>
    public int JointNumExtraOutputs { get; }

    /// <summary>Parses model_config.yaml text; <paramref name="file"/> names it in errors.</summary>
    public static ParakeetConfig Parse(string yamlText, string file)
    {
        CheckNesting(yamlText, file);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yamlText));
        }
        catch (YamlException e)
        {
            throw new ModelFormatException(ErrorText.OneLine($"{file}: model_config.yaml is not valid YAML: {e.Message}"));
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ModelFormatException($"{file}: model_config.yaml is not a single mapping");
        }

        return new ParakeetConfig(yamlText, root, file);
    }

    /// <summary>The scalar at a key path, or null.</summary>
    public string? Scalar(params string[] path)
    {
        YamlNode node = Root;
        foreach (string key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child))
            {
                return null;
            }

            node = child;
        }

        return (node as YamlScalarNode)?.Value;
    }

    // YamlDotNet parses nested collections recursively; bound the nesting before handing it the text.
    private static void CheckNesting(string text, string file)
    {
        if (text.Length > MaxYamlBytes)
        {
            throw new ModelFormatException($"{file}: model_config.yaml is {text.Length} characters (limit {MaxYamlBytes})");
        }

        int flow = 0;
        int indentDepth = 0;
        bool lineStart = true;
        foreach (char c in text)
        {
            if (c == '\n')
            {
                lineStart = true;
                indentDepth = 0;
                continue;
            }

            if (lineStart && (c == ' ' || c == '-' || c == '\t'))
            {
                indentDepth++;
            }
            else
            {
                lineStart = false;
            }

            flow += c is '[' or '{' ? 1 : c is ']' or '}' ? -1 : 0;
            if (flow > MaxNesting || indentDepth > 4 * MaxNesting)
            {
                throw new ModelFormatException($"{file}: model_config.yaml nests deeper than {MaxNesting} levels");
            }
        }
    }

    private ParakeetDecoderKind DetectDecoderKind()
    {
        string target = Scalar("target") ?? "";
        if (target.Contains("Hybrid", StringComparison.Ordinal))
        {
            return ParakeetDecoderKind.Hybrid;
        }

        if (target.Contains("CTC", StringComparison.OrdinalIgnoreCase) || Root.Children.ContainsKey(new YamlScalarNode("joint")) == false)
        {
            return ParakeetDecoderKind.Ctc;
        }

        bool tdt = Scalar("loss", "loss_name") == "tdt" || Scalar("decoding", "model_type") == "tdt";
        return tdt ? ParakeetDecoderKind.Tdt : ParakeetDecoderKind.Rnnt;
    }

    private void CheckRanges(string file)
    {
        int[] all = [EncoderFeatIn, EncoderNLayers, EncoderDModel, EncoderNHeads, DecoderVocabSize];
        if (all.Any(v => v <= 0 || v > 1 << 20) || EncoderDModel % EncoderNHeads != 0)
        {
            throw new ModelFormatException($"{file}: model_config.yaml has an out-of-range encoder or decoder size");
        }
    }

    private int Int(string file, params string[] path) =>
        OptionalInt(path) ?? throw new ModelFormatException($"{file}: model_config.yaml lacks an integer {string.Join('.', path)}");

    private int? OptionalInt(params string[] path) =>
        int.TryParse(Scalar(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;

    private double? OptionalDouble(params string[] path) =>
        double.TryParse(Scalar(path), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;
}
