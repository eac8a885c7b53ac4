using Warble.Models.Whisper.Decoding;

namespace Warble.Models.Whisper.Timing;

/// <summary>
/// openai-whisper's <c>Tokenizer.split_to_word_tokens</c>: at every complete code point for
/// languages written without spaces, otherwise at spaces, punctuation and special tokens.
/// </summary>
internal static class WordSplitter
{
    private const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"; // Python string.punctuation
    private static readonly HashSet<string> LanguagesWithoutSpaces = ["zh", "ja", "th", "lo", "my", "yue"];

    /// <summary>Splits <paramref name="tokens"/> into words and the tokens of each word.</summary>
    public static (List<string> Words, List<List<int>> WordTokens) Split(IWhisperTokenizer tokenizer, string? language, IReadOnlyList<int> tokens) =>
        language is not null && LanguagesWithoutSpaces.Contains(language)
            ? SplitOnUnicode(tokenizer, tokens)
            : SplitOnSpaces(tokenizer, tokens);

    /// <summary>openai <c>split_tokens_on_unicode</c>: a word ends where decoding yields no partial character.</summary>
    public static (List<string> Words, List<List<int>> WordTokens) SplitOnUnicode(IWhisperTokenizer tokenizer, IReadOnlyList<int> tokens)
    {
        string decodedFull = tokenizer.DecodeWithTimestamps([.. tokens]);
        var words = new List<string>();
        var wordTokens = new List<List<int>>();
        var current = new List<int>();
        int unicodeOffset = 0;
        foreach (int token in tokens)
        {
            current.Add(token);
            string decoded = tokenizer.DecodeWithTimestamps([.. current]);
            int replacement = decoded.IndexOf('\ufffd', StringComparison.Ordinal);
            int fullIndex = unicodeOffset + replacement;
            if (replacement < 0 || (fullIndex < decodedFull.Length && decodedFull[fullIndex] == '\ufffd'))
            {
                words.Add(decoded);
                wordTokens.Add(current);
                current = [];
                unicodeOffset += decoded.Length;
            }
        }

        return (words, wordTokens);
    }

    /// <summary>openai <c>split_tokens_on_spaces</c>.</summary>
    public static (List<string> Words, List<List<int>> WordTokens) SplitOnSpaces(IWhisperTokenizer tokenizer, IReadOnlyList<int> tokens)
    {
        var (subwords, subwordTokensList) = SplitOnUnicode(tokenizer, tokens);
        var words = new List<string>();
        var wordTokens = new List<List<int>>();
        for (int i = 0; i < subwords.Count; i++)
        {
            string subword = subwords[i];
            var subwordTokens = subwordTokensList[i];
            bool special = subwordTokens[0] >= tokenizer.Special.Eot;
            bool withSpace = subword.StartsWith(' ');
            bool punctuation = PyString.In(PyString.Strip(subword), Punctuation);
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
}
