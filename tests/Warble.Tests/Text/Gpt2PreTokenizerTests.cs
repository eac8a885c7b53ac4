using System.Text.RegularExpressions;
using CsCheck;
using Warble.Text;

namespace Warble.Tests.Text;

public sealed partial class Gpt2PreTokenizerTests
{
    [Fact]
    public void MatchesTheRegexOnBmpText()
    {
        // On text without surrogates .NET's regex classes agree with tiktoken's code-point classes, so the
        // scanner must give exactly the regex's matches there.
        var alphabet = Gen.OneOf(Gen.Char[' ', '~'], Gen.Char["  \t\n\r\u00a0\u3000'sStTrevmld"], Gen.Char['\u00a0', '\ud7ff']);
        Gen.String[alphabet, 0, 60].Sample(text =>
        {
            var expected = Pattern().Matches(text).Select(m => (m.Index, m.Length));
            Assert.Equal(expected, Gpt2PreTokenizer.Split(text));
        }, iter: 3000);
    }

    [Fact]
    public void SupplementaryLettersAreLetters()
    {
        // 𝐀 (U+1D400) is \p{L} for tiktoken; .NET's regex would see two surrogates.
        Assert.Equal([(0, 5), (5, 2)], Gpt2PreTokenizer.Split(" 𝐀𝐁😀"));
    }

    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Pattern();
}
