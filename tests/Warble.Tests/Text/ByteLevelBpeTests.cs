using System.Text;
using CsCheck;
using Warble.Text;

namespace Warble.Tests.Text;

public sealed class ByteLevelBpeTests
{
    [Fact]
    public void Gpt2KnownIds()
    {
        Assert.Equal([18435], TextFixtures.Gpt2Tiktoken.Encode(" Hello"));
        Assert.Equal([995], TextFixtures.Gpt2Tiktoken.Encode(" world"));
    }

    [Fact]
    public void MultilingualTeacherForcedText()
    {
        Assert.Equal([400, 370, 452, 7177, 6280, 11, 1029, 406], TextFixtures.MultilingualTiktoken.Encode(" And so my fellow Americans, ask not"));
    }

    [Fact]
    public void EmptyRankIsKeptAndDecodesToNothing()
    {
        var bpe = TextFixtures.MultilingualTiktoken;
        Assert.Equal(50257, bpe.Count);
        Assert.Empty(bpe.TokenBytes(50256));
        Assert.Equal("", bpe.Decode([50256]));
        Assert.Equal(50256, TextFixtures.Gpt2Tiktoken.Count);
    }

    [Fact]
    public void AllSourcesGiveIdenticalIds()
    {
        var reference = TextFixtures.MultilingualTiktoken;
        var others = new[] { TextFixtures.VocabMerges, TextFixtures.TokenizerJson, TextFixtures.Ggml };
        var count = 0;
        foreach (var text in SampleTexts.All())
        {
            var expected = reference.Encode(text);
            foreach (var other in others)
            {
                Assert.Equal(expected, other.Encode(text));
            }

            Assert.Equal(Utf8RoundTrip(text), reference.Decode(expected));
            count++;
        }

        Assert.True(count >= 300);
    }

    [Fact]
    public void PreTokenizerFollowsThePattern()
    {
        Assert.Equal(["Hello", " world", "'s", " don", "'t", "  ", " x"], Pieces("Hello world's don't   x"));
        Assert.Equal(["a", "\n\n", "\n", "b", " ", " 12", "!!", " 😀", "  "], Pieces("a\n\n\nb  12!! 😀  "));
        Assert.Equal([" 𝐀𝐁é", "'ll", "'"], Pieces(" 𝐀𝐁é'll'"));
    }

    [Fact]
    public void DecodeReplacesPartialUtf8()
    {
        var bpe = TextFixtures.MultilingualTiktoken;
        var ids = bpe.Encode("日");
        var bytes = bpe.DecodeBytes(ids);
        Assert.Equal("日"u8.ToArray(), bytes);
        var half = bpe.TokenId(bytes.AsSpan(0, 1));
        Assert.Equal("\uFFFD", bpe.Decode([half]));
    }

    [Fact]
    public void DecodeOfEncodeIsIdentity()
    {
        var bpe = TextFixtures.MultilingualTiktoken;
        Gen.String.Sample(text => Assert.Equal(Utf8RoundTrip(text), bpe.Decode(bpe.Encode(text))), iter: 500);
        Gen.String[Gen.Char['\u0000', '\u3100'], 0, 40].Sample(text => Assert.Equal(text, bpe.Decode(bpe.Encode(text))), iter: 500);
    }

    [Theory]
    [InlineData("IQ==\n")]
    [InlineData("IQ== zero\n")]
    [InlineData("!!!! 0\n")]
    [InlineData("IQ== 0\nIg== 0\n")]
    [InlineData("IQ== 1\n")]
    [InlineData("   \n")]
    public void MalformedTiktokenThrows(string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        var e = Assert.Throws<ModelFormatException>(() => ByteLevelBpe.FromTiktoken(stream, "bad.tiktoken"));
        Assert.StartsWith("bad.tiktoken:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VocabularyWithoutAllBytesThrows()
    {
        Assert.Throws<ModelFormatException>(() => ByteLevelBpe.FromByteStrings([[1], [2]], "tiny"));
    }

    [Fact]
    public void BadHuggingFaceFilesThrow()
    {
        using var vocab = new MemoryStream("{\"a\": 0"u8.ToArray());
        using var merges = new MemoryStream("#version: 0.2\n"u8.ToArray());
        Assert.Throws<ModelFormatException>(() => ByteLevelBpe.FromVocabAndMerges(vocab, merges, "vocab.json"));
        using var json = new MemoryStream("{\"model\": {\"type\": \"BPE\"}}"u8.ToArray());
        Assert.Throws<ModelFormatException>(() => ByteLevelBpe.FromTokenizerJson(json, "tokenizer.json"));
    }

    [Fact]
    public void LongRunsEncodeInLinearPreTokenisation()
    {
        var bpe = TextFixtures.MultilingualTiktoken;
        var text = new string(' ', 5000) + "x" + new string('!', 3000);
        Assert.Equal(text, bpe.Decode(bpe.Encode(text)));
    }

    private static string Utf8RoundTrip(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));

    private static List<string> Pieces(string text) => [.. Gpt2PreTokenizer.Split(text).Select(p => text.Substring(p.Start, p.Length))];
}
