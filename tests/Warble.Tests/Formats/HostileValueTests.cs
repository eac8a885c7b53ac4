using System.Text;
using Warble.Formats;
using Warble.Models.Whisper;

namespace Warble.Tests.Formats;

/// <summary>
/// Well-formed files carrying hostile values: each is refused when the model is loaded (so <c>inspect</c> and
/// <c>transcribe</c> agree) with one line naming the file and the value, never a crash in a later stage.
/// </summary>
public sealed class HostileValueTests
{
    public static TheoryData<string, string, string> HostilePreprocessorValues() => new()
    {
        { "window_stride", "0", "window_stride" },
        { "window_stride", "0.2", "window_stride" },
        { "window_size", "100", "window_size" },
        { "n_fft", "512.5", "n_fft" },
        { "n_fft", "256", "n_fft" },
        { "n_fft", "1048576", "n_fft" },
        { "sample_rate", "-1", "sample_rate" },
        { "sample_rate", "44100", "sample_rate" },
        { "pad_to", "1000000000", "pad_to" },
        { "log", "maybe", "log" },
        { "dither", "-1", "dither" },
        { "features", "0", "features" },
        { "frame_splicing", "3", "frame_splicing" },
        { "exact_pad", "true", "exact_pad" },
        { "window", "kaiser", "window" },
        { "normalize", "per_utterance", "normalize" },
        { "mag_power", ".nan", "mag_power" },
        { "highfreq", "1e9", "highfreq" },
    };

    public static TheoryData<string, string, string, string> HostileNetworkValues() => new()
    {
        { "encoder", "subsampling_factor", "6", "subsampling_factor" },
        { "encoder", "subsampling_factor", "32", "subsampling_factor" },
        { "encoder", "conv_kernel_size", "8", "conv_kernel_size" },
        { "encoder", "conv_kernel_size", "1001", "conv_kernel_size" },
        { "encoder", "n_heads", "3", "n_heads" },
        { "encoder", "d_model", "64.0", "d_model" },
        { "encoder", "n_layers", "100000", "n_layers" },
        { "encoder", "feat_in", "80", "feat_in" },
        { "encoder", "xscaling", "sometimes", "xscaling" },
        { "decoder", "vocab_size", "'128'", "vocab_size" },
        { "joint", "num_classes", "100", "model_config.yaml joint" },
        { "joint", "num_extra_outputs", "3", "model_config.yaml joint" },
    };

    [Theory]
    [MemberData(nameof(HostilePreprocessorValues))]
    public void HostilePreprocessorValueInANemoIsRefusedAtLoad(string key, string value, string named)
    {
        byte[] nemo = HostileModels.NemoWithYaml(HostileModels.SetKey(HostileModels.NemoYaml(), "preprocessor", key, value));
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("hostile.nemo", nemo), "hostile.nemo", []).Dispose(), "hostile.nemo", named);
        HostileModels.AssertOneLineError(() => HostileModels.LoadNemoAndComputeFeatures(nemo), "hostile.nemo", named);
    }

    [Theory]
    [MemberData(nameof(HostileNetworkValues))]
    public void HostileNetworkValueInANemoIsRefusedAtLoad(string section, string key, string value, string named)
    {
        byte[] nemo = HostileModels.NemoWithYaml(HostileModels.SetKey(HostileModels.NemoYaml(), section, key, value));
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("hostile.nemo", nemo), "hostile.nemo", []).Dispose(), "hostile.nemo", named);
    }

    [Fact]
    public void YamlThatTripsTheYamlScannerIsAFormatError()
    {
        // Found by the model fuzz: YamlDotNet's scanner throws InvalidOperationException on this edited, truncated config.
        string[] lines = HostileModels.NemoYaml().Split('\n');
        string yaml = (string.Join('\n', lines[..333]) + "\n- \u2581").Replace("  model_path:", "  [odel_path:", StringComparison.Ordinal)
            .Replace("time_width", "time_w}dth", StringComparison.Ordinal).Replace("pos_emb_max_len", "poc_emb_max_len", StringComparison.Ordinal);
        byte[] nemo = HostileModels.NemoWithYaml(yaml);
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("scanner.nemo", nemo), "scanner.nemo", []).Dispose(), "scanner.nemo", "not valid YAML");
    }

    [Fact]
    public void YamlThatTripsTheYamlNodeLoaderIsAFormatError()
    {
        // Found by the model fuzz: eight zero bytes and two byte edits make YamlDotNet throw ArgumentException.
        byte[] bytes = Encoding.UTF8.GetBytes(HostileModels.NemoYaml());
        bytes.AsSpan(1089, 8).Clear();
        bytes[1097] = (byte)'*';
        bytes[1229] = 0xff;
        byte[] nemo = HostileModels.NemoWithYaml(Encoding.UTF8.GetString(bytes));
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("loader.nemo", nemo), "loader.nemo", []).Dispose(), "loader.nemo", "not valid YAML");
    }

    [Fact]
    public void ATableTensorOfATypeTheKernelsDoNotReadIsRefusedAtLoad()
    {
        // Found by the model fuzz: a GGUF whose q8_0 matrix claims q4_0 (same block width, fewer bytes) loaded, then the
        // kernels threw NotSupportedException while the model was built.
        byte[] gguf = HostileModels.WhisperFixtureGguf();
        const string Name = "encoder.blocks.0.attn.query.weight";
        int at = gguf.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Name)) + Name.Length;
        int dims = BitConverter.ToInt32(gguf, at);
        int typeAt = at + 4 + (8 * dims);
        Assert.Equal(8, BitConverter.ToInt32(gguf, typeAt));
        BitConverter.TryWriteBytes(gguf.AsSpan(typeAt), 2);
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("q4.gguf", gguf), "q4.gguf", []).Dispose(), "q4.gguf", Name, "q4_0");
    }

    [Fact]
    public void HostilePreprocessorValueInAGgufIsRefusedAtLoad()
    {
        byte[] gguf = HostileModels.ParakeetGgufWithYaml(HostileModels.SetKey(HostileModels.NemoYaml(), "preprocessor", "window_stride", "0"));
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("hostile.gguf", gguf), "hostile.gguf", []).Dispose(), "hostile.gguf", "window_stride");
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("True")]
    [InlineData("on")]
    public void AnyYamlSpellingOfTrueReadsAsTrue(string spelling)
    {
        float[] expected = HostileModels.LoadNemoAndComputeFeatures(TinyModels.Nemo());
        byte[] nemo = HostileModels.NemoWithYaml(HostileModels.SetKey(HostileModels.NemoYaml(), "preprocessor", "log", spelling));
        Assert.Equal(expected, HostileModels.LoadNemoAndComputeFeatures(nemo));
    }

    [Fact]
    public void HfConfigWithAStringForANumberIsRefused()
    {
        string folder = TempFolder();
        try
        {
            string config = File.ReadAllText(Path.Combine(FixtureLoadingTests.Whisper("hf"), "config.json"));
            string hostile = System.Text.RegularExpressions.Regex.Replace(config, "\"d_model\": *64", "\"d_model\": \"64\"");
            Assert.NotEqual(config, hostile);
            HostileModels.HfFolder(folder, new Dictionary<string, string> { ["config.json"] = hostile });
            HostileModels.AssertOneLineError(() => ModelLoader.Load(folder).Dispose(), "config.json", "'d_model'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("[[null, 0]]")]
    [InlineData("[[1, \"0\"]]")]
    [InlineData("[null]")]
    public void HfAlignmentHeadsHoldingNullsOrStringsAreRefused(string heads)
    {
        string folder = TempFolder();
        try
        {
            HostileModels.HfFolder(folder, new Dictionary<string, string> { ["generation_config.json"] = $"{{\"alignment_heads\": {heads}}}" });
            HostileModels.AssertOneLineError(() => ModelLoader.Load(folder).Dispose(), "generation_config.json", "alignment_heads");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("[1, 2]", "'model'")]
    [InlineData("{\"model\": {\"vocab\": {\"a\": \"0\"}, \"merges\": []}}", "'a'")]
    [InlineData("{\"model\": {\"vocab\": {\"a\": 0}, \"merges\": [[1, 2]]}}", "merge")]
    [InlineData("{\"model\": no,\n  \"vocab\": 1}", "not valid JSON")]
    public void HfTokenizerJsonOfTheWrongKindsIsRefusedInOneLine(string json, string named)
    {
        string folder = TempFolder();
        try
        {
            HostileModels.HfFolder(folder, new Dictionary<string, string> { ["tokenizer.json"] = json });
            using LoadedModel loaded = ModelLoader.Load(folder);
            HostileModels.AssertOneLineError(() => WhisperModel.FromLoaded(loaded), named);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void AMelFilterbankOfTheWrongWidthIsRefusedAtLoadInOneLine()
    {
        byte[] ggml = TinyModels.Ggml(melBins: 200);
        HostileModels.AssertOneLineError(() => ModelLoader.Load(new ArrayRegion("narrow.bin", ggml), "narrow.bin", []).Dispose(), "narrow.bin", "4 × 200", "4 × 201");
        HostileModels.AssertOneLineError(() => HostileModels.LoadWhisperAndBuild(ggml, "narrow.bin"), "narrow.bin", "4 × 200");
    }

    [Theory]
    [InlineData(4, 4, 8, 1, 1, 8, 4, 4, 1, 1, "n_audio_state")]
    [InlineData(600, 4, 4, 1, 1, 8, 4, 4, 1, 1, "n_mels")]
    [InlineData(4, 1 << 17, 4, 1, 1, 8, 4, 4, 1, 1, "n_audio_ctx")]
    [InlineData(4, 4, 4, 1, 300, 8, 4, 4, 1, 1, "n_audio_layer")]
    public void WhisperDimensionsOutOfRangeAreRefusedAtLoad(int nMels, int nAudioCtx, int nAudioState, int nAudioHead, int nAudioLayer,
        int nVocab, int nTextCtx, int nTextState, int nTextHead, int nTextLayer, string named)
    {
        var dims = new WhisperDimensions(nMels, nAudioCtx, nAudioState, nAudioHead, nAudioLayer, nVocab, nTextCtx, nTextState, nTextHead, nTextLayer);
        var error = Assert.ThrowsAny<Exception>(() => ModelLoaderOnDims(dims));
        Assert.IsType<ModelFormatException>(error);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void SymlinkedModelFilesLoad()
    {
        string folder = TempFolder();
        try
        {
            Directory.CreateDirectory(folder);
            string link = Path.Combine(folder, "ggml-model.bin");
            File.CreateSymbolicLink(link, FixtureLoadingTests.Whisper("ggml-model.bin"));
            using (LoadedModel model = ModelLoader.Load(link))
            {
                Assert.Equal(ModelFileFormat.Ggml, model.Format);
            }

            string hf = HostileModels.HfFolder(Path.Combine(folder, "snapshot"), new Dictionary<string, string>());
            Assert.All(Directory.GetFiles(hf), f => Assert.NotNull(new FileInfo(f).LinkTarget));
            using (LoadedModel model = ModelLoader.Load(hf))
            {
                Assert.Equal(ModelFileFormat.HuggingFace, model.Format);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // A GGUF is the one container whose header can state any dimensions; its tensors follow the (hostile) table.
    private static void ModelLoaderOnDims(WhisperDimensions dims)
    {
        byte[] gguf = dims.NAudioCtx > 4096 || dims.NMels > 64 || dims.NAudioLayer > 64 ? GgufWithHeaderDims(dims) : TinyModels.Gguf(dims: dims);
        HostileModels.LoadWhisperAndBuild(gguf, "dims.gguf");
    }

    // Huge dimensions would need huge tensors: write the valid tiny model, then restate the dimensions in its header.
    private static byte[] GgufWithHeaderDims(WhisperDimensions dims)
    {
        byte[] gguf = TinyModels.Gguf();
        int[] values = [dims.NMels, dims.NAudioCtx, dims.NAudioState, dims.NAudioHead, dims.NAudioLayer, dims.NVocab, dims.NTextCtx, dims.NTextState, dims.NTextHead, dims.NTextLayer];
        for (int i = 0; i < values.Length; i++)
        {
            byte[] key = Encoding.UTF8.GetBytes(GgufKeys.WhisperPrefix + GgufKeys.WhisperDimensionNames[i]);
            int at = gguf.AsSpan().IndexOf(key) + key.Length + 4;
            BitConverter.TryWriteBytes(gguf.AsSpan(at), values[i]);
        }

        return gguf;
    }

    private static string TempFolder() => Path.Combine(Path.GetTempPath(), $"warble-hostile-{Guid.NewGuid():N}");
}
