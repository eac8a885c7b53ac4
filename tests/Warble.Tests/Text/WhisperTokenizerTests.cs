using System.Text.Json;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Timing;
using Warble.Tests.Support;
using Warble.Text;

namespace Warble.Tests.Text;

public sealed class WhisperTokenizerTests
{
    private static readonly WhisperTokenizer Multilingual = WhisperTokenizer.FromEmbedded(multilingual: true, 51865);

    [Fact]
    public void SpecialIdsMatchTheFixtureTable()
    {
        var t = Multilingual;
        Assert.True(t.IsMultilingual);
        Assert.Equal(99, t.NumLanguages);
        Assert.Equal(
            [50257, 50258, 50259, 50357, 50358, 50359, 50360, 50361, 50362, 50363, 50364],
            [t.Eot, t.Sot, t.ToLanguageToken("en"), t.ToLanguageToken("su"), t.Translate, t.Transcribe, t.SotLm, t.SotPrev, t.NoSpeech, t.NoTimestamps, t.TimestampBegin]);
        Assert.Equal("<|30.00|>", t.SpecialTokenText(51864));
        Assert.Equal("<|0.02|>", t.SpecialTokenText(50365));
        Assert.Equal("<|su|>", t.SpecialTokenText(50357));
        Assert.Throws<ArgumentException>(() => t.ToLanguageToken("yue"));
    }

    [Fact]
    public void GoldenTokenizerFieldsAndNonSpeechTokens()
    {
        using var golden = JsonDocument.Parse(File.ReadAllText(TextFixtures.Golden("jfk", "golden.json")));
        var tok = golden.RootElement.GetProperty("tokenizer");
        var t = Multilingual;
        Assert.Equal(tok.GetProperty("sot").GetInt32(), t.Sot);
        Assert.Equal(tok.GetProperty("eot").GetInt32(), t.Eot);
        Assert.Equal(tok.GetProperty("sot_prev").GetInt32(), t.SotPrev);
        Assert.Equal(tok.GetProperty("sot_lm").GetInt32(), t.SotLm);
        Assert.Equal(tok.GetProperty("no_speech").GetInt32(), t.NoSpeech);
        Assert.Equal(tok.GetProperty("no_timestamps").GetInt32(), t.NoTimestamps);
        Assert.Equal(tok.GetProperty("timestamp_begin").GetInt32(), t.TimestampBegin);
        Assert.Equal(tok.GetProperty("num_languages").GetInt32(), t.NumLanguages);
        Assert.Equal(Ints(tok.GetProperty("sot_sequence")), t.SotSequence("en", "transcribe"));
        Assert.Equal(Ints(tok.GetProperty("non_speech_tokens")), t.NonSpeechTokens);
        Assert.Equal([50258, 50259, 50359, 50363], t.SotSequenceIncludingNoTimestamps());
        Assert.Equal([50258, 50260, 50358], t.SotSequence("Chinese", "translate"));
        Assert.Equal([50258, 50260, 50359], t.SotSequence("mandarin"));
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void GoldenDecodeTexts(string audio)
    {
        using var decode = JsonDocument.Parse(File.ReadAllText(TextFixtures.Golden(audio, "decode.json")));
        foreach (var run in new[] { "greedy_without_timestamps", "greedy_with_timestamps", "beam5_without_timestamps" })
        {
            var result = decode.RootElement.GetProperty(run).GetProperty("result");
            var tokens = Ints(result.GetProperty("tokens"));

            // DecodingTask strips the text: tokenizer.decode(tokens).strip().
            Assert.Equal(result.GetProperty("text").GetString(), Multilingual.Decode(tokens).Trim());
            Assert.Equal(result.GetProperty("text_with_timestamps").GetString(), Multilingual.DecodeWithTimestamps(tokens));
        }
    }

    [Fact]
    public void EnglishOnlyLayout()
    {
        var t = WhisperTokenizer.FromEmbedded(multilingual: false, 51864);
        Assert.False(t.IsMultilingual);
        Assert.Equal(99, t.NumLanguages);
        Assert.Equal([50256, 50257, 50357, 50358, 50362, 50363], [t.Eot, t.Sot, t.Translate, t.Transcribe, t.NoTimestamps, t.TimestampBegin]);
        Assert.Equal([50257], t.SotSequence("en", "transcribe"));
        Assert.Equal([18435, 995], t.Encode(" Hello world"));
        Assert.Throws<ArgumentException>(() => WhisperTokenizer.FromEmbedded(multilingual: true, 51864));
    }

    [Fact]
    public void LargeV3HasCantonese()
    {
        var t = WhisperTokenizer.FromEmbedded(multilingual: true, 51866);
        Assert.Equal(100, t.NumLanguages);
        Assert.Equal(50358, t.ToLanguageToken("yue"));
        Assert.Equal("yue", t.LanguageCode(50358));
        Assert.Equal([50359, 50360, 50365], [t.Translate, t.Transcribe, t.TimestampBegin]);
        Assert.Equal(100, t.AllLanguageCodes.Count());
        Assert.Throws<ModelFormatException>(() => new WhisperTokenizer(TextFixtures.MultilingualTiktoken, 51900, "x"));
    }

    [Theory]
    [InlineData("tiny", 51865, true)]
    [InlineData("tiny.en", 51864, false)]
    [InlineData("large", 51865, true)]
    public void ThirdPartyGgmlVocabularies(string size, int nVocab, bool multilingual)
    {
        var (hparams, tokens) = GgmlVocabularyFile.Read(SharedPaths.Fixture("thirdparty", $"for-tests-ggml-{size}.bin"));
        Assert.Equal(nVocab, hparams[0]);
        var t = WhisperTokenizer.FromGgmlVocabulary(tokens, hparams[0], size);
        Assert.Equal(multilingual, t.IsMultilingual);
        Assert.Equal(99, t.NumLanguages);
        var reference = WhisperTokenizer.FromEmbedded(multilingual, nVocab);
        foreach (var text in SampleTexts.All().Take(60))
        {
            Assert.Equal(reference.Encode(text), t.Encode(text));
        }

        // These files hold token.decode("utf-8", "replace") for the ranks that are not valid UTF-8.
        Assert.Equal("\uFFFD"u8.ToArray(), tokens[94]);
        Assert.Equal([0xA1], t.Encoding.TokenBytes(94));
    }

    [Fact]
    public void FixtureGgmlVocabularyIsExact()
    {
        var (hparams, tokens) = GgmlVocabularyFile.Read(SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin"));
        var t = WhisperTokenizer.FromGgmlVocabulary(tokens, hparams[0], "ggml-model.bin");
        Assert.Equal(Multilingual.TimestampBegin, t.TimestampBegin);
        Assert.Empty(tokens[50256]);
    }

    [Fact]
    public void SplitsOnSpacesKeepingPunctuationApart()
    {
        var t = Multilingual;
        int[] tokens = [.. t.Encode(" And so my fellow Americans, ask not"), t.Eot];
        var (words, wordTokens) = WordSplitter.Split(new WhisperTokenizerView(t), "en", tokens);
        Assert.Equal([" And", " so", " my", " fellow", " Americans", ",", " ask", " not", "<|endoftext|>"], words);
        Assert.Equal(tokens, wordTokens.SelectMany(w => w));
    }

    [Fact]
    public void SplitsOnUnicodeForLanguagesWithoutSpaces()
    {
        var t = Multilingual;
        const string text = "日本語のテキストです。😀";
        var tokens = t.Encode(text);
        var (words, wordTokens) = WordSplitter.Split(new WhisperTokenizerView(t), "ja", tokens);
        Assert.Equal(text, string.Concat(words));
        Assert.DoesNotContain(words, w => w.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Equal(tokens, wordTokens.SelectMany(w => w));
        Assert.True(words.Count > 1);
    }

    [Fact]
    public void LanguageLookups()
    {
        Assert.Equal("my", WhisperLanguages.ToCode("Burmese"));
        Assert.Equal("haw", WhisperLanguages.ToCode("HAWAIIAN"));
        Assert.Null(WhisperLanguages.ToCode("klingon"));
        Assert.Equal(100, WhisperLanguages.All.Count);
        Assert.Equal(("yue", "cantonese"), WhisperLanguages.All[99]);
        Assert.Null(Multilingual.LanguageCode(Multilingual.Transcribe));
        Assert.Equal("de", Multilingual.LanguageCode(50261));
    }

    private static int[] Ints(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
