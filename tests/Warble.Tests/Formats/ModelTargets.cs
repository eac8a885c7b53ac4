using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tests.Support;
using Warble.Text;
using Warble.Transcription;

namespace Warble.Tests.Formats;

/// <summary>
/// Each model-construction fuzz target: a real fixture file (or one member of a fixture model) and what a model file
/// goes through before it transcribes: load, model construction with its tokenizer, and for Parakeet the preprocessor
/// on half a second of audio. Hugging Face targets write the mutated file into a folder whose other files are links
/// to the fixture's.
/// </summary>
internal static class ModelTargets
{
    public static readonly string[] Names =
    [
        "gguf", "ggml", "pytorch", "nemo", "parakeet-gguf", "nemo-yaml", "sentencepiece", "ggml-parakeet", "ggml-parakeet-q5_0", "parakeet-cpp-gguf", "nemo-speech-cpp-gguf",
        "hf-config", "hf-generation-config", "hf-tokenizer-json", "hf-vocab-json", "hf-merges",
    ];

    private static readonly float[] HalfSecond = HostileModels.TwoSeconds[..8000];

    private static readonly Dictionary<string, Lazy<byte[]>> Seeds = new()
    {
        ["gguf"] = new(HostileModels.WhisperFixtureGguf),
        ["ggml"] = new(() => File.ReadAllBytes(FixtureLoadingTests.Whisper("ggml-model.bin"))),
        ["pytorch"] = new(() => File.ReadAllBytes(FixtureLoadingTests.Whisper("model.pt"))),
        ["nemo"] = new(TinyModels.Nemo),
        ["parakeet-gguf"] = new(() => HostileModels.GgufOf(FixtureLoadingTests.Parakeet, Tensors.DType.F32)),
        ["nemo-yaml"] = new(() => TinyModels.TarMember(TinyModels.Nemo(), "model_config.yaml")),
        ["sentencepiece"] = new(() => TinyModels.TarMember(TinyModels.Nemo(), "c2b9546e0f0240f3adb7f1d5cbf15150_tokenizer.model")),
        ["ggml-parakeet"] = new(() => File.ReadAllBytes(SharedPaths.Fixture("thirdparty", "for-tests-ggml-parakeet-tdt.bin"))),
        ["ggml-parakeet-q5_0"] = new(() => File.ReadAllBytes(Parakeet.WhisperCppParakeetTests.File("q5_0"))),
        ["parakeet-cpp-gguf"] = new(() => Parakeet.ParakeetCppGgufTests.Write([])),
        ["nemo-speech-cpp-gguf"] = new(() => Parakeet.NemoSpeechCppGgufTests.Write([])),
        ["hf-config"] = new(() => HfFile("config.json")),
        ["hf-generation-config"] = new(() => HfFile("generation_config.json")),
        ["hf-tokenizer-json"] = new(() => HfFile("tokenizer.json")),
        ["hf-vocab-json"] = new(() => HfFile("vocab.json")),
        ["hf-merges"] = new(() => HfFile("merges.txt")),
    };

    private static readonly Dictionary<string, Lazy<string>> HfFolders = Names.Where(n => n.StartsWith("hf-", StringComparison.Ordinal))
        .ToDictionary(n => n, n => new Lazy<string>(() => HfFolderFor(n)));

    public static byte[] Seed(string name) => Seeds[name].Value;

    /// <summary>Whether the target is a text config, which also gets value edits.</summary>
    public static bool IsText(string name) => name is "nemo-yaml" || name.StartsWith("hf-", StringComparison.Ordinal);

    /// <summary>Loads and builds the model from <paramref name="bytes"/> as target <paramref name="name"/>.</summary>
    public static void Build(string name, byte[] bytes)
    {
        switch (name)
        {
            case "gguf" or "ggml" or "pytorch":
                using (LoadedModel loaded = ModelLoader.Load(new ArrayRegion("fuzz." + name, bytes), "fuzz." + name, []))
                {
                    WhisperModel.FromLoaded(loaded);
                }

                break;
            case "nemo" or "parakeet-gguf" or "ggml-parakeet" or "ggml-parakeet-q5_0" or "parakeet-cpp-gguf" or "nemo-speech-cpp-gguf":
                BuildParakeet(bytes, "fuzz." + name);
                break;
            case "nemo-yaml":
                BuildParakeet(HostileModels.NemoWithYaml(System.Text.Encoding.UTF8.GetString(bytes)), "fuzz.nemo");
                break;
            case "sentencepiece":
                SentencePieceTokenizer.FromBytes(bytes, "fuzz.model");
                break;
            default:
                string folder = HfFolders[name].Value;
                File.WriteAllBytes(Path.Combine(folder, HfFileName(name)), bytes);
                using (LoadedModel loaded = ModelLoader.Load(folder))
                {
                    WhisperModel.FromLoaded(loaded);
                }

                break;
        }
    }

    /// <summary>
    /// Runs <see cref="Build"/> and fails on anything but success or a one-line <see cref="WarbleException"/>; also bounds
    /// the allocation on this thread. Returns whether the input was refused.
    /// </summary>
    public static bool BuildExpectingOnlyWarbleErrors(string name, byte[] bytes)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        bool failed = false;
        try
        {
            Build(name, bytes);
        }
        catch (WarbleException e)
        {
            Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"{name}: a multi-line {e.GetType().Name}: {e.Message}");
            failed = true;
        }
        catch (Exception e)
        {
            string saved = Path.Combine(Path.GetTempPath(), $"warble-fuzz-failure-{name}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..12]}");
            File.WriteAllBytes(saved, bytes);
            Assert.Fail($"{name}: {bytes.Length}-byte input (saved as {saved}) escaped with {e}");
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocation(name, bytes.Length), $"{name}: building from {bytes.Length} bytes allocated {allocated} bytes");
        return failed;
    }

    // What the seed itself needs (f16 weights widened to f32, the tokenizer's tables) with room, plus the input's size.
    private static long MaxAllocation(string name, int inputBytes) =>
        (name.StartsWith("hf-", StringComparison.Ordinal) ? 256L << 20 : 128L << 20) + (8L * inputBytes);

    private static void BuildParakeet(byte[] bytes, string file)
    {
        using LoadedModel loaded = ModelLoader.Load(new ArrayRegion(file, bytes), file, []);
        ParakeetTranscriber.FromLoaded(loaded).Features(HalfSecond, out _);
    }

    private static string HfFileName(string name) => name switch
    {
        "hf-config" => "config.json",
        "hf-generation-config" => "generation_config.json",
        "hf-tokenizer-json" => "tokenizer.json",
        "hf-vocab-json" => "vocab.json",
        _ => "merges.txt",
    };

    private static byte[] HfFile(string file) => File.ReadAllBytes(Path.Combine(FixtureLoadingTests.Whisper("hf"), file));

    // vocab.json and merges.txt are read only when the folder has no tokenizer.json.
    private static string HfFolderFor(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"warble-fuzz-{Environment.ProcessId}-{name}");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        HostileModels.HfFolder(folder, new Dictionary<string, string>());
        if (name is "hf-vocab-json" or "hf-merges")
        {
            File.Delete(Path.Combine(folder, "tokenizer.json"));
        }

        File.Delete(Path.Combine(folder, HfFileName(name)));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return folder;
    }
}
