using CsCheck;
using Warble.Text;

namespace Warble.Tests.Text;

public sealed class SentencePieceSyntheticTests
{
    private const int Normal = 1;
    private const int Unknown = 2;
    private const int Control = 3;
    private const int Byte = 6;

    private static readonly SentencePieceTokenizer Unigram = SentencePieceTokenizer.FromBytes(
        SyntheticSentencePieceModel.Build(
            [
                ("<unk>", 0, Unknown), ("<s>", 0, Control), ("</s>", 0, Control),
                ("<0xE6>", 0, Byte), ("<0x97>", 0, Byte), ("<0xA5>", 0, Byte), ("<0xFF>", 0, Byte),
                ("▁", -2, Normal), ("a", -3, Normal), ("b", -3, Normal), ("ab", -4, Normal), ("▁ab", -4.5f, Normal),
                ("▁a", -2.5f, Normal), ("c", -5, Normal), ("bc", -1, Normal),
            ],
            modelType: 1,
            byteFallback: true,
            removeExtraWhitespaces: true),
        "unigram.model");

    [Fact]
    public void UnigramPicksTheBestSegmentation()
    {
        // "▁abc": ▁ab + c = -9.5, ▁a + bc = -3.5, ▁ + ab + c = -11: Viterbi takes ▁a + bc.
        Assert.Equal(["▁a", "bc"], Unigram.Encode("abc").Select(Unigram.IdToPiece));
        Assert.Equal(["▁ab"], Unigram.Encode("  ab  ").Select(Unigram.IdToPiece));
    }

    [Fact]
    public void ByteFallbackRoundTripsUnknownCharacters()
    {
        var ids = Unigram.Encode("a日");
        Assert.Equal(["▁a", "<0xE6>", "<0x97>", "<0xA5>"], ids.Select(Unigram.IdToPiece));
        Assert.Equal("a日", Unigram.Decode(ids));
    }

    [Fact]
    public void DecodeFollowsSentencePiece()
    {
        int Id(string piece) => Unigram.PieceToId(piece);

        // Control pieces vanish; an invalid byte is U+FFFD; <unk> is " ⁇ ".
        Assert.Equal("ab\uFFFDc", Unigram.Decode([Id("<s>"), Id("▁ab"), Id("<0xFF>"), Id("c"), Id("</s>")]));
        Assert.Equal(" ⁇  a", Unigram.Decode([0, Id("▁a")]));

        // remove_extra_whitespaces: every leading "▁" piece is dropped, later ones become spaces.
        Assert.Equal("a ab", Unigram.Decode([Id("▁"), Id("▁a"), Id("▁ab")]));
        Assert.Equal("\uFFFD\uFFFDa", Unigram.Decode([Id("<0xE6>"), Id("<0x97>"), Id("a")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Unigram.Decode([99]));
    }

    [Fact]
    public void RoundTripProperty()
    {
        Gen.String[Gen.Char["ab c日"], 0, 30].Sample(text =>
        {
            // Normalisation trims and collapses spaces (remove_extra_whitespaces).
            var expected = string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(expected, Unigram.Decode(Unigram.Encode(text)));
        });
    }
}
