namespace Warble.Text;

/// <summary>The non-speech suppress set (openai-whisper tokenizer.py <c>non_speech_tokens</c>).</summary>
internal sealed partial class WhisperTokenizer
{
    /// <summary>Symbols that are never speech, as openai computes the set: single tokens, plus the first token of the music signs.</summary>
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
}
