namespace Warble.Text;

/// <summary>The tiktoken rank files shipped inside the library: openai .pt checkpoints carry no tokenizer.</summary>
internal sealed partial class WhisperTokenizer
{
    private static readonly Lazy<ByteLevelBpe> Multilingual = new(() => LoadEmbedded("multilingual.tiktoken"));
    private static readonly Lazy<ByteLevelBpe> Gpt2 = new(() => LoadEmbedded("gpt2.tiktoken"));

    /// <summary>
    /// The tokenizer of an openai checkpoint with <paramref name="nVocab"/>, from the embedded
    /// <c>multilingual.tiktoken</c> or <c>gpt2.tiktoken</c> (openai-whisper <c>get_tokenizer</c>).
    /// </summary>
    public static WhisperTokenizer FromEmbedded(bool multilingual, int nVocab)
    {
        if (multilingual != nVocab >= 51865)
        {
            throw new ArgumentException($"n_vocab {nVocab} is {(nVocab >= 51865 ? "" : "not ")}a multilingual vocabulary.", nameof(multilingual));
        }

        var encoding = multilingual ? Multilingual.Value : Gpt2.Value;
        return new WhisperTokenizer(encoding, nVocab, multilingual ? "multilingual.tiktoken" : "gpt2.tiktoken");
    }

    /// <summary>
    /// The tokenizer of a whisper.cpp ggml file from the byte strings it stores (rank order, specials implied by
    /// n_vocab). Files written by whisper.cpp's older convert-pt-to-ggml.py are lossy: every token that is not
    /// valid UTF-8 was stored as <c>token.decode("utf-8", "replace")</c>, and English files append
    /// <c>&lt;|endoftext|&gt;</c>. When the stored list is the embedded openai vocabulary, exactly or in that lossy
    /// form, the embedded ranks are used; any other vocabulary is taken as stored.
    /// </summary>
    public static WhisperTokenizer FromGgmlVocabulary(IReadOnlyList<byte[]> tokens, int nVocab, string source)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var multilingual = nVocab >= 51865;
        var embedded = multilingual ? Multilingual.Value : Gpt2.Value;
        var count = tokens.Count;
        if (count == embedded.Count + 1 && tokens[^1].AsSpan().SequenceEqual("<|endoftext|>"u8))
        {
            count--;
        }

        if (count == embedded.Count && MatchesEmbedded(tokens, count, embedded))
        {
            return new WhisperTokenizer(embedded, nVocab, source);
        }

        return new WhisperTokenizer(ByteLevelBpe.FromByteStrings(tokens.Take(count).ToArray(), source), nVocab, source);
    }

    private static bool MatchesEmbedded(IReadOnlyList<byte[]> tokens, int count, ByteLevelBpe embedded)
    {
        for (var id = 0; id < count; id++)
        {
            var expected = embedded.TokenBytes(id);
            if (!tokens[id].AsSpan().SequenceEqual(expected)
                && !tokens[id].AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(expected))))
            {
                return false;
            }
        }

        return true;
    }

    private static ByteLevelBpe LoadEmbedded(string name)
    {
        using var stream = typeof(WhisperTokenizer).Assembly.GetManifestResourceStream("Warble.Text.Assets." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the Warble assembly.");
        return ByteLevelBpe.FromTiktoken(stream, name);
    }
}
