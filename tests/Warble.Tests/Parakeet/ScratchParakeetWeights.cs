using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Tensors;

namespace Warble.Tests.Parakeet;

/// <summary>
/// Temporary test-only loader: reads the .nemo's tensors dumped as /tmp/parakeet-scratch/&lt;key&gt;.npy (float32) with the
/// model_config.yaml and tokenizer .vocab beside them, by a dev script outside the repository. The library's .nemo
/// loader replaces it; until then tests that need it are skipped when the folder is missing.
/// </summary>
internal static class ScratchParakeetWeights
{
    public const string Folder = "/tmp/parakeet-scratch";

    public static bool Available => File.Exists(Path.Combine(Folder, "model_config.yaml"));

    public static WeightSource Source()
    {
        var tensors = new Dictionary<string, TensorView>();
        foreach (string path in Directory.EnumerateFiles(Folder, "*.npy"))
        {
            float[] values = NpyRead(path, out int[] shape);
            tensors[Path.GetFileNameWithoutExtension(path)] = new TensorView(DType.F32, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), shape);
        }

        return new WeightSource(tensors, "parakeet-tdt-random");
    }

    /// <summary>The config, from a few model_config.yaml keys (the real yaml loader replaces this).</summary>
    public static ParakeetConfig Config()
    {
        string yaml = File.ReadAllText(Path.Combine(Folder, "model_config.yaml"));
        string Section(string name) => Regex.Match(yaml, $@"^{name}:\n((?:[ -].*\n)*)", RegexOptions.Multiline).Groups[1].Value;
        string encoder = Section("encoder"), decoder = Section("decoder"), joint = Section("joint"), decoding = Section("decoding");
        int Int(string section, string key) => int.Parse(Value(section, key), CultureInfo.InvariantCulture);
        bool Bool(string section, string key) => Value(section, key) == "true";
        int[] durations = Regex.Match(decoding, @"^  durations:\n((?:  - .*\n)*)", RegexOptions.Multiline).Groups[1].Value
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => int.Parse(l.Trim(' ', '-'), CultureInfo.InvariantCulture)).ToArray();
        return new ParakeetConfig(
            new ConformerEncoderConfig(Int(encoder, "feat_in"), Int(encoder, "n_layers"), Int(encoder, "d_model"), Int(encoder, "n_heads"),
                Int(encoder, "ff_expansion_factor"), Int(encoder, "subsampling_factor"), Int(encoder, "subsampling_conv_channels"),
                Int(encoder, "conv_kernel_size"), Bool(encoder, "xscaling"), Bool(encoder, "untie_biases"), Bool(encoder, "use_bias")),
            new RnntDecoderConfig(Int(decoder, "vocab_size"), Int(decoder, "pred_hidden"), Int(decoder, "pred_rnn_layers")),
            new RnntJointConfig(Int(joint, "num_classes"), Int(joint, "num_extra_outputs"), Int(joint, "encoder_hidden"),
                Int(joint, "pred_hidden"), Int(joint, "joint_hidden")),
            durations,
            Int(decoding, "max_symbols"));
    }

    /// <summary>Pieces by id, from the SentencePiece .vocab (piece&lt;TAB&gt;score per line).</summary>
    public static string[] Pieces() =>
        File.ReadAllLines(Directory.EnumerateFiles(Folder, "*_tokenizer.vocab").Single()).Select(l => l.Split('\t')[0]).ToArray();

    private static string Value(string section, string key) =>
        Regex.Match(section, $@"^\s*{key}: (.*)$", RegexOptions.Multiline) is { Success: true } m
            ? m.Groups[1].Value.Trim()
            : throw new KeyNotFoundException(key);

    private static float[] NpyRead(string path, out int[] shape)
    {
        (float[] data, int[] dims) = Warble.Formats.NpyFile.ReadFloat32(path);
        shape = dims;
        return data;
    }
}
