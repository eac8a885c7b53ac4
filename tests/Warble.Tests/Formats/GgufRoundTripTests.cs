using Warble.Formats;
using Warble.Tensors;

namespace Warble.Tests.Formats;

public sealed class GgufRoundTripTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string source in (string[])["model.pt", "ggml-model.bin", "hf", "nemo"])
        {
            foreach (string type in (string[])["f32", "f16", "q8_0"])
            {
                data.Add(source, type);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConvertedGgufLoadsBackAsTheSameModel(string source, string typeName)
    {
        DTypeInfo.TryParse(typeName, out DType matrixType);
        string path = source == "nemo" ? FixtureLoadingTests.Parakeet : FixtureLoadingTests.Whisper(source);
        string temp = Path.Combine(Path.GetTempPath(), $"warble-test-{Guid.NewGuid():N}.gguf");
        try
        {
            using LoadedModel original = ModelLoader.Load(path);
            using (var stream = File.Create(temp))
            {
                GgufModelWriter.Write(original, matrixType, stream);
            }

            using LoadedModel loaded = ModelLoader.Load(temp);
            AssertSameDescription(original, loaded);
            int quantized = 0;
            foreach (string name in original.Weights.Names)
            {
                TensorView expected = original.Weights[name];
                TensorView actual = loaded.Weights[name];
                Assert.Equal(expected.Shape, actual.Shape);
                Assert.Equal(GgufModelWriter.TargetType(name, expected, matrixType), actual.Type);
                quantized += actual.Type == DType.Q8_0 ? 1 : 0;
                AssertValues(name, expected, actual);
            }

            Assert.Equal(matrixType == DType.Q8_0, quantized > 0);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void AssertSameDescription(LoadedModel original, LoadedModel loaded)
    {
        Assert.Equal(ModelFileFormat.Gguf, loaded.Format);
        Assert.Equal(original.Architecture, loaded.Architecture);
        Assert.Equal(original.Whisper, loaded.Whisper);
        Assert.Equal(original.Parakeet?.YamlText, loaded.Parakeet?.YamlText);
        Assert.Equal(original.Parakeet?.DecoderKind, loaded.Parakeet?.DecoderKind);
        Assert.Equal(original.AlignmentHeads, loaded.AlignmentHeads);
        Assert.Equal(original.MelFilters?.Values, loaded.MelFilters?.Values);
        Assert.Equal(original.Weights.Names, loaded.Weights.Names);
        TokenizerSource a = original.Tokenizer;
        TokenizerSource b = loaded.Tokenizer;
        Assert.Equal((a.Kind, a.BuiltinName, a.VocabJson, a.MergesText, a.TokenizerJson, a.AddedTokensJson, a.SentencePieceVocab, a.NemoVocabText),
            (b.Kind, b.BuiltinName, b.VocabJson, b.MergesText, b.TokenizerJson, b.AddedTokensJson, b.SentencePieceVocab, b.NemoVocabText));
        Assert.Equal(a.SentencePieceModel, b.SentencePieceModel);
        Assert.Equal(a.TokenBytes?.Count, b.TokenBytes?.Count);
        for (int i = 0; i < (a.TokenBytes?.Count ?? 0); i++)
        {
            Assert.Equal(a.TokenBytes![i], b.TokenBytes![i]);
        }
    }

    private static void AssertValues(string name, TensorView expected, TensorView actual)
    {
        if (!expected.Type.IsFloat())
        {
            Assert.True(expected.Data.Span.SequenceEqual(actual.Data.Span), name);
            return;
        }

        float[] source = TensorConversion.ToFloats(expected);
        float[] stored = TensorConversion.ToFloats(actual);
        switch (actual.Type)
        {
            case DType.F32:
                FloatAssert.Identical(name, source, stored);
                break;
            case DType.F16:
                FloatAssert.Identical(name, source.Select(x => (float)(Half)x).ToArray(), stored);
                break;
            default:
                AssertWithinQ8_0Bound(name, source, stored);
                break;
        }
    }

    /// <summary>ggml's bound |x − q·d| ≤ d/2 with d = amax/127, plus the rounding of d to its stored f16.</summary>
    private static void AssertWithinQ8_0Bound(string name, float[] source, float[] stored)
    {
        for (int block = 0; block < source.Length; block += 32)
        {
            float amax = 0;
            for (int i = block; i < block + 32; i++)
            {
                amax = MathF.Max(amax, MathF.Abs(source[i]));
            }

            float d = amax / 127f;
            float scaleError = 127f * MathF.Abs(d - (float)(Half)d);
            for (int i = block; i < block + 32; i++)
            {
                if (MathF.Abs(source[i] - stored[i]) > d / 2 + scaleError + 1e-7f * amax)
                {
                    Assert.Fail($"{name}[{i}]: {source[i]} vs {stored[i]} (d {d})");
                }
            }
        }
    }
}
