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

    private static ByteLevelBpe LoadEmbedded(string name)
    {
        using var stream = typeof(WhisperTokenizer).Assembly.GetManifestResourceStream("Warble.Text.Assets." + name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the Warble assembly.");
        return ByteLevelBpe.FromTiktoken(stream, name);
    }
}
