namespace Warble.Text;

/// <summary>Word splitting for word timestamps and the non-speech suppress set (openai-whisper tokenizer.py).</summary>
internal sealed partial class WhisperTokenizer
{
    // Python's string.punctuation; the test is a substring test, as openai's `subword.strip() in string.punctuation`.
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private static readonly HashSet<string> UnicodeSplitLanguages = ["zh", "ja", "th", "lo", "my", "yue"];

    // Python's str.strip() also strips U+001C..U+001F, which char.IsWhiteSpace does not count.
    private static readonly char[] PythonWhitespace = BuildPythonWhitespace();

    /// <summary>Splits tokens into words (<c>split_to_word_tokens</c>): at valid Unicode boundaries for languages written without spaces, else at spaces.</summary>
    public (List<string> Words, List<List<int>> WordTokens) SplitToWordTokens(IReadOnlyList<int> tokens, string? language)
    {
        return language is not null && UnicodeSplitLanguages.Contains(language)
            ? SplitTokensOnUnicode(tokens)
            : SplitTokensOnSpaces(tokens);
    }

    /// <summary>Cuts wherever the tokens so far decode to whole characters (<c>split_tokens_on_unicode</c>).</summary>
    public (List<string> Words, List<List<int>> WordTokens) SplitTokensOnUnicode(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var decodedFull = DecodeWithTimestamps(tokens.ToArray());
        const char replacementChar = '\uFFFD';
        var words = new List<string>();
        var wordTokens = new List<List<int>>();
        var current = new List<int>();
        var unicodeOffset = 0;
        foreach (var token in tokens)
        {
            current.Add(token);
            var decoded = DecodeWithTimestamps(current.ToArray());
            var replacement = decoded.IndexOf(replacementChar, StringComparison.Ordinal);

            // A U+FFFD that the full text also has there is a real one, not a character cut in half.
            var fullIndex = unicodeOffset + replacement;
            if (replacement < 0 || (fullIndex < decodedFull.Length && decodedFull[fullIndex] == replacementChar))
            {
                words.Add(decoded);
                wordTokens.Add(current);
                current = [];
                unicodeOffset += decoded.Length;
            }
        }

        return (words, wordTokens);
    }

    /// <summary>Joins Unicode pieces into space-separated words; specials and punctuation stand alone (<c>split_tokens_on_spaces</c>).</summary>
    public (List<string> Words, List<List<int>> WordTokens) SplitTokensOnSpaces(IReadOnlyList<int> tokens)
    {
        var (subwords, subwordTokensList) = SplitTokensOnUnicode(tokens);
        var words = new List<string>();
        var wordTokens = new List<List<int>>();
        for (var i = 0; i < subwords.Count; i++)
        {
            var subword = subwords[i];
            var subwordTokens = subwordTokensList[i];
            var special = subwordTokens[0] >= Eot;
            var withSpace = subword.StartsWith(' ');
            var punctuation = Punctuation.Contains(subword.Trim(PythonWhitespace), StringComparison.Ordinal);
            if (special || withSpace || punctuation || words.Count == 0)
            {
                words.Add(subword);
                wordTokens.Add(subwordTokens);
            }
            else
            {
                words[^1] += subword;
                wordTokens[^1].AddRange(subwordTokens);
            }
        }

        return (words, wordTokens);
    }

    private List<int> ComputeNonSpeechTokens()
    {
        List<string> symbols = [.. "\"#()*+/:;<=>@[\\]^_`{|}~「」『』".Select(c => c.ToString())];
        symbols.AddRange("<< >> <<< >>> -- --- -( -[ (' (\" (( )) ((( ))) [[ ]] {{ }} ♪♪ ♪♪♪".Split(' '));

        // U+2640..U+267F symbols share their first two UTF-8 bytes, so suppressing the first token is safe
        // even where they take several tokens.
        const string miscellaneous = "♩♪♫♬♭♮♯";

        // Hyphens and single quotes stay allowed between words, not at the start of one.
        var result = new SortedSet<int> { Encode(" -")[0], Encode(" '")[0] };
        foreach (var symbol in symbols.Concat(miscellaneous.Select(c => c.ToString())))
        {
            var isMiscellaneous = symbol.Length == 1 && miscellaneous.Contains(symbol[0], StringComparison.Ordinal);
            foreach (var tokens in new[] { Encode(symbol), Encode(" " + symbol) })
            {
                if (tokens.Length == 1 || isMiscellaneous)
                {
                    result.Add(tokens[0]);
                }
            }
        }

        return [.. result];
    }

    private static char[] BuildPythonWhitespace()
    {
        var chars = new List<char>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsWhiteSpace((char)c) || c is >= 0x1C and <= 0x1F)
            {
                chars.Add((char)c);
            }
        }

        return [.. chars];
    }
}
