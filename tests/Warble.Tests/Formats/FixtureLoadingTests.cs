using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Support;

namespace Warble.Tests.Formats;

public sealed class FixtureLoadingTests
{
    private static readonly WhisperDimensions TinyRandom = new(80, 1500, 64, 2, 2, 51865, 448, 64, 2, 2);

    internal static string Whisper(string name) => SharedPaths.Fixture("whisper", "whisper-tiny-random", name);

    internal static string Parakeet => SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");

    [Theory]
    [InlineData("model.pt", "PyTorch")]
    [InlineData("ggml-model.bin", "Ggml")]
    [InlineData("hf", "HuggingFace")]
    public void WhisperFixtureLoadsWithDimensionsAndEveryTableTensor(string file, string format)
    {
        using LoadedModel model = ModelLoader.Load(Whisper(file));
        Assert.Equal(format, model.Format.ToString());
        Assert.Equal(ModelArchitecture.Whisper, model.Architecture);
        Assert.Equal(TinyRandom, model.RequireWhisper());
        Assert.Equal(89, model.Weights.Count);
        foreach (var (name, shape) in WhisperWeights.Table(TinyRandom))
        {
            Assert.Equal(shape, model.Weights[name].Shape);
        }
    }

    [Fact]
    public void WhisperWeightsAreExactlyEqualAcrossPtGgmlAndHf()
    {
        using LoadedModel pt = ModelLoader.Load(Whisper("model.pt"));
        using LoadedModel ggml = ModelLoader.Load(Whisper("ggml-model.bin"));
        using LoadedModel hf = ModelLoader.Load(Whisper("hf"));
        Assert.All(pt.Weights.Names, name => Assert.Equal(DType.F16, pt.Weights[name].Type));
        foreach (string name in pt.Weights.Names)
        {
            float[] reference = TensorConversion.ToFloats(pt.Weights[name]);
            FloatAssert.Identical(name, reference, TensorConversion.ToFloats(ggml.Weights[name]));
            FloatAssert.Identical(name, reference, TensorConversion.ToFloats(hf.Weights[name]));
        }
    }

    [Fact]
    public void TokenizerSourcesAndExtrasAreCarried()
    {
        using LoadedModel pt = ModelLoader.Load(Whisper("model.pt"));
        Assert.Equal(new TokenizerSource { Kind = TokenizerKind.Builtin, BuiltinName = "multilingual" }, pt.Tokenizer);
        Assert.Null(pt.AlignmentHeads);

        using LoadedModel ggml = ModelLoader.Load(Whisper("ggml-model.bin"));
        Assert.Equal(50257, ggml.Tokenizer.TokenBytes!.Count);
        Assert.Equal("!"u8.ToArray(), ggml.Tokenizer.TokenBytes[0]);
        Assert.Empty(ggml.Tokenizer.TokenBytes[50256]);
        Assert.Equal((80, 201), (ggml.MelFilters!.NMel, ggml.MelFilters.NFft));

        using LoadedModel hf = ModelLoader.Load(Whisper("hf"));
        Assert.Equal([new AlignmentHead(1, 0), new AlignmentHead(1, 1)], hf.AlignmentHeads!);
        Assert.StartsWith("#version", hf.Tokenizer.MergesText, StringComparison.Ordinal);
        Assert.Contains("\"Hello\"", hf.Tokenizer.VocabJson, StringComparison.Ordinal);
        Assert.NotNull(hf.Tokenizer.TokenizerJson);
    }

    [Fact]
    public void ParakeetNemoLoadsConfigTokenizerAndStateDict()
    {
        using LoadedModel model = ModelLoader.Load(Parakeet);
        ParakeetConfig config = model.RequireParakeet();
        Assert.Equal(ModelFileFormat.Nemo, model.Format);
        Assert.Equal(ParakeetDecoderKind.Tdt, config.DecoderKind);
        Assert.Equal((2, 64, 4, 128, 9), (config.Encoder.NLayers, config.Encoder.DModel, config.Encoder.NHeads, config.Encoder.FeatIn, config.Encoder.ConvKernelSize));
        Assert.Equal((128, 32, 2, 32, 5), (config.VocabSize, config.Decoder!.PredHidden, config.Decoder.PredRnnLayers, config.Joint!.JointHidden, config.Joint.NumExtraOutputs));
        Assert.Equal((128, 512, 0.01), (config.Preprocessor.Features, config.Preprocessor.EffectiveNFft, config.Preprocessor.WindowStride));
        Assert.Equal(87, model.Weights.Count);
        Assert.Equal([1, 128, 257], model.Weights["preprocessor.featurizer.fb"].Shape);
        Assert.Equal([129, 32], model.Weights["decoder.prediction.embed.weight"].Shape);
        Assert.Equal(DType.I64, model.Weights["encoder.layers.0.conv.batch_norm.num_batches_tracked"].Type);
        Assert.Equal(TokenizerKind.SentencePiece, model.Tokenizer.Kind);
        Assert.Equal(239152, model.Tokenizer.SentencePieceModel!.Length);
        Assert.Contains("\t", model.Tokenizer.SentencePieceVocab, StringComparison.Ordinal);
        Assert.NotNull(model.Tokenizer.NemoVocabText);
    }

    [Fact]
    public void GzippedNemoLoadsTheSame()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"warble-test-{Guid.NewGuid():N}.nemo");
        try
        {
            using (var output = new System.IO.Compression.GZipStream(File.Create(temp), System.IO.Compression.CompressionLevel.Fastest))
            {
                output.Write(File.ReadAllBytes(Parakeet));
            }

            using LoadedModel plain = ModelLoader.Load(Parakeet);
            using LoadedModel gzipped = ModelLoader.Load(temp);
            Assert.Equal(plain.Weights.Names, gzipped.Weights.Names);
            Assert.Equal(TensorConversion.ToFloats(plain.Weights["joint.enc.weight"]), TensorConversion.ToFloats(gzipped.Weights["joint.enc.weight"]));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Theory]
    [InlineData("for-tests-ggml-tiny.bin", 384, 4, 51865)]
    [InlineData("for-tests-ggml-tiny.en.bin", 384, 4, 51864)]
    [InlineData("for-tests-ggml-large.bin", 1280, 32, 51865)]
    public void ThirdPartyGgmlHeadersLoadAndTruncationIsOneLine(string file, int state, int layers, int vocab)
    {
        string path = SharedPaths.Fixture("thirdparty", file);
        using MappedFile mapped = MappedFile.Open(path);
        GgmlWhisperHeader header = GgmlWhisperFile.ReadHeader(mapped);
        Assert.Equal((state, layers, vocab, 80), (header.Dims.NAudioState, header.Dims.NAudioLayer, header.Dims.NVocab, header.Dims.NMels));
        Assert.Equal(50257, header.Vocabulary.Count);
        Assert.Equal((80, 201), (header.MelFilters.NMel, header.MelFilters.NFft));
        var error = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path));
        Assert.Contains("before its tensors", error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void MissingOrMisshapenTensorIsNamed()
    {
        using var model = TinyModels.WhisperModel();
        var weights = new WeightSet("tiny");
        foreach (string name in model.Weights.Names.Where(n => n != "decoder.ln.bias"))
        {
            weights.Add(name, name == "encoder.conv1.weight" ? TensorView.FromFloats(new float[48], 4, 3, 4) : model.Weights[name]);
        }

        var misshapen = Assert.Throws<ModelFormatException>(() => WhisperWeights.Check(TinyModels.Dims, weights));
        Assert.Contains("'encoder.conv1.weight' has shape [4, 3, 4], expected [4, 4, 3]", misshapen.Message, StringComparison.Ordinal);
        weights.Replace("encoder.conv1.weight", model.Weights["encoder.conv1.weight"]);
        var missing = Assert.Throws<ModelFormatException>(() => WhisperWeights.Check(TinyModels.Dims, weights));
        Assert.Contains("'decoder.ln.bias' is missing", missing.Message, StringComparison.Ordinal);
    }
}
