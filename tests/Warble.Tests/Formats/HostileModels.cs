using System.Formats.Tar;
using System.Text;
using System.Text.RegularExpressions;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Transcription;

namespace Warble.Tests.Formats;

/// <summary>Real fixture models with one value made hostile, and the load-to-first-use path every such model must survive.</summary>
internal static partial class HostileModels
{
    /// <summary>Two seconds of a 440 Hz tone at 16 kHz: enough to run every preprocessor stage.</summary>
    public static readonly float[] TwoSeconds = [.. Enumerable.Range(0, 32000).Select(i => 0.1f * MathF.Sin(2 * MathF.PI * 440 * i / 16000))];

    /// <summary>The Parakeet fixture's model_config.yaml.</summary>
    public static string NemoYaml() => Encoding.UTF8.GetString(TinyModels.TarMember(TinyModels.Nemo(), "model_config.yaml"));

    /// <summary>The Parakeet fixture .nemo with its model_config.yaml replaced.</summary>
    public static byte[] NemoWithYaml(string yaml)
    {
        using var input = new MemoryStream(TinyModels.Nemo());
        using var output = new MemoryStream();
        using (var reader = new TarReader(input))
        using (var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
            {
                if (entry.Name.EndsWith("model_config.yaml", StringComparison.Ordinal))
                {
                    entry = new UstarTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(yaml)) };
                }

                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>
    /// Sets <paramref name="key"/> of the top-level <paramref name="section"/> (two-space indented, as OmegaConf writes it)
    /// to <paramref name="value"/>, adding the key when the section lacks it.
    /// </summary>
    public static string SetKey(string yaml, string section, string key, string value)
    {
        Match block = Regex.Match(yaml, $@"^{Regex.Escape(section)}:\n(?:  .*\n)*", RegexOptions.Multiline);
        Assert.True(block.Success, $"no section {section}");
        string body = block.Value;
        var line = new Regex($@"^  {Regex.Escape(key)}:.*$", RegexOptions.Multiline);
        string edited = line.IsMatch(body) ? line.Replace(body, $"  {key}: {value}", 1) : body + $"  {key}: {value}\n";
        return yaml[..block.Index] + edited + yaml[(block.Index + block.Length)..];
    }

    /// <summary>Loads a .nemo from memory, builds the transcriber and computes features for <see cref="TwoSeconds"/>.</summary>
    public static float[] LoadNemoAndComputeFeatures(byte[] nemo, string name = "hostile.nemo")
    {
        using LoadedModel loaded = ModelLoader.Load(new ArrayRegion(name, nemo), name, []);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        return transcriber.Features(TwoSeconds, out _);
    }

    /// <summary>The Parakeet fixture converted to GGUF, with its config yaml replaced.</summary>
    public static byte[] ParakeetGgufWithYaml(string yaml)
    {
        using LoadedModel nemo = ModelLoader.Load(FixtureLoadingTests.Parakeet);
        using var hostile = new LoadedModel([])
        {
            Source = nemo.Source, Format = nemo.Format, Architecture = nemo.Architecture, Tokenizer = nemo.Tokenizer, Weights = nemo.Weights,
            Parakeet = nemo.RequireParakeet() with { YamlText = yaml },
        };
        using var stream = new MemoryStream();
        GgufModelWriter.Write(hostile, Tensors.DType.F32, stream);
        return stream.ToArray();
    }

    /// <summary>The Whisper fixture's model.pt written as a q8_0 GGUF (real vocabulary, builds a working model).</summary>
    public static byte[] WhisperFixtureGguf() => GgufOf(FixtureLoadingTests.Whisper("model.pt"), Tensors.DType.Q8_0);

    /// <summary>A model file written as GGUF with matrices in <paramref name="matrixType"/>.</summary>
    public static byte[] GgufOf(string path, Tensors.DType matrixType)
    {
        using LoadedModel model = ModelLoader.Load(path);
        using var stream = new MemoryStream();
        GgufModelWriter.Write(model, matrixType, stream);
        return stream.ToArray();
    }

    /// <summary>Loads a Whisper model from memory and builds it, as <c>warble transcribe</c> does before decoding.</summary>
    public static void LoadWhisperAndBuild(byte[] bytes, string name)
    {
        using LoadedModel loaded = ModelLoader.Load(new ArrayRegion(name, bytes), name, []);
        WhisperModel model = WhisperModel.FromLoaded(loaded);
        model.LogMel(TwoSeconds);
    }

    /// <summary>A copy of the Hugging Face fixture folder: <paramref name="edited"/> files written, the rest symbolic links.</summary>
    public static string HfFolder(string root, IReadOnlyDictionary<string, string> edited)
    {
        string source = FixtureLoadingTests.Whisper("hf");
        Directory.CreateDirectory(root);
        foreach (string file in Directory.GetFiles(source))
        {
            string target = Path.Combine(root, Path.GetFileName(file));
            if (edited.TryGetValue(Path.GetFileName(file), out string? text))
            {
                File.WriteAllText(target, text);
            }
            else
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        return root;
    }

    /// <summary>Asserts <paramref name="action"/> throws a one-line ModelFormatException containing every fragment.</summary>
    public static ModelFormatException AssertOneLineError(Action action, params string[] fragments)
    {
        var error = Assert.Throws<ModelFormatException>(action);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }

        return error;
    }
}
