using System.Globalization;
using System.Text;
using System.Text.Json;
using Warble.Tests.Support;
using Warble.Text;

namespace Warble.Tests.Text;

public sealed class SentencePieceTokenizerTests
{
    private static readonly string Nemo = SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");
    private static readonly Lazy<byte[]> ModelBytes = new(() => NemoArchiveMember.Read(Nemo, "_tokenizer.model"));
    private static readonly Lazy<SentencePieceTokenizer> LazyTokenizer = new(() => SentencePieceTokenizer.FromBytes(ModelBytes.Value, "tokenizer.model"));

    private static SentencePieceTokenizer Tokenizer => LazyTokenizer.Value;

    [Fact]
    public void ModelFieldsAndPiecesMatchTheVocabFile()
    {
        var model = Tokenizer.Model;
        Assert.Equal(SentencePieceModel.ModelType.Bpe, model.Type);
        Assert.Equal(128, Tokenizer.Count);
        Assert.Equal(0, Tokenizer.UnkId);
        Assert.Equal("nmt_nfkc", model.NormalizerName);
        Assert.True(model.AddDummyPrefix);
        Assert.False(model.RemoveExtraWhitespaces);
        Assert.True(model.PrecompiledCharsmap.Length > 1000);

        var vocab = Encoding.UTF8.GetString(NemoArchiveMember.Read(Nemo, "_tokenizer.vocab")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(128, vocab.Length);
        for (var id = 0; id < vocab.Length; id++)
        {
            var fields = vocab[id].Split('\t');
            Assert.Equal(fields[0], Tokenizer.IdToPiece(id));
            Assert.Equal(float.Parse(fields[1], CultureInfo.InvariantCulture), model.Pieces[id].Score);
        }
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void GoldenDecodeAndWords(string audio)
    {
        using var decode = JsonDocument.Parse(File.ReadAllText(SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "golden", audio, "decode.json")));
        var root = decode.RootElement;
        int[] tokens = [.. root.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())];
        string[] pieces = [.. root.GetProperty("token_pieces").EnumerateArray().Select(e => e.GetString()!)];
        Assert.Equal(pieces, tokens.Select(Tokenizer.IdToPiece));
        Assert.Equal(root.GetProperty("text").GetString(), Tokenizer.Decode(tokens));

        var words = Tokenizer.SplitToWords(tokens);
        string[] goldenWords = [.. root.GetProperty("timestamps").GetProperty("word").EnumerateArray().Select(w => w.GetProperty("word").GetString()!)];
        Assert.Equal(goldenWords, words.Select(w => w.Word));
        Assert.Equal(tokens.Length, words.Sum(w => w.Length));
    }

    [Theory]
    [InlineData("the man was here")]
    [InlineData("I might ask: what? Yes; he did.")]
    [InlineData("AT the   dock, BIG JAW!")]
    [InlineData("  leading and trailing  ")]
    [InlineData("z")]
    [InlineData("")]
    public void RoundTripsTextInTheInventory(string text)
    {
        var ids = Tokenizer.Encode(text);
        Assert.DoesNotContain(Tokenizer.UnkId, ids);
        Assert.Equal(text, Tokenizer.Decode(ids));
    }

    [Fact]
    public void EncodesWithMergesAndDummyPrefix()
    {
        Assert.Equal(["▁the"], Tokenizer.Encode("the").Select(Tokenizer.IdToPiece));
        // "▁m" (score -7) merges before "an" (-29); then "▁ma" (-58) loses to "an": sentencepiece bpe_model order.
        Assert.Equal(["▁the", "▁m", "an"], Tokenizer.Encode("the man").Select(Tokenizer.IdToPiece));
        Assert.True(Tokenizer.IsWordStart(Tokenizer.PieceToId("▁the")));
        Assert.False(Tokenizer.IsWordStart(Tokenizer.PieceToId("he")));
    }

    [Fact]
    public void NormalizesWithTheCharsmapAndMarksUnknowns()
    {
        // nmt_nfkc folds fullwidth letters and ligatures.
        Assert.Equal(Tokenizer.Encode("the fish"), Tokenizer.Encode("ｔｈｅ ﬁsh"));
        var ids = Tokenizer.Encode("the é");
        Assert.Contains(Tokenizer.UnkId, ids);
        Assert.Equal("the  ⁇ ", Tokenizer.Decode(ids));
    }

    [Fact]
    public void TruncatedOrHostileProtobufThrows()
    {
        var bytes = ModelBytes.Value;
        foreach (var cut in new[] { 1, 5, 9, bytes.Length - 1 })
        {
            Assert.Throws<ModelFormatException>(() => SentencePieceTokenizer.FromBytes(bytes.AsSpan(0, cut), "cut.model"));
        }

        Assert.Throws<ModelFormatException>(() => SentencePieceTokenizer.FromBytes([0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "big.model"));
        Assert.Throws<ModelFormatException>(() => SentencePieceTokenizer.FromBytes([0x0B], "group.model"));
        Assert.Throws<ModelFormatException>(() => SentencePieceTokenizer.FromBytes([0x0A, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], "varint.model"));
        Assert.Throws<ModelFormatException>(() => SentencePieceTokenizer.FromBytes([], "empty.model"));
    }
}
