using Warble.Tests.Support;
using Warble.Text;

namespace Warble.Tests.Text;

/// <summary>The Whisper vocabularies from every source, loaded once per test run.</summary>
internal static class TextFixtures
{
    private static readonly Lazy<ByteLevelBpe> MultilingualTiktokenLazy = new(() => ByteLevelBpe.FromTiktoken(Asset("multilingual.tiktoken")));
    private static readonly Lazy<ByteLevelBpe> Gpt2TiktokenLazy = new(() => ByteLevelBpe.FromTiktoken(Asset("gpt2.tiktoken")));
    private static readonly Lazy<ByteLevelBpe> VocabMergesLazy = new(LoadVocabMerges);
    private static readonly Lazy<ByteLevelBpe> TokenizerJsonLazy = new(LoadTokenizerJson);
    private static readonly Lazy<ByteLevelBpe> GgmlLazy = new(() =>
        ByteLevelBpe.FromByteStrings(GgmlVocabularyFile.Read(Hf("..", "ggml-model.bin")).Tokens, "ggml-model.bin"));

    public static ByteLevelBpe MultilingualTiktoken => MultilingualTiktokenLazy.Value;

    public static ByteLevelBpe Gpt2Tiktoken => Gpt2TiktokenLazy.Value;

    public static ByteLevelBpe VocabMerges => VocabMergesLazy.Value;

    public static ByteLevelBpe TokenizerJson => TokenizerJsonLazy.Value;

    public static ByteLevelBpe Ggml => GgmlLazy.Value;

    public static string Asset(string name) => SharedPaths.Fixture("whisper", "assets", name);

    public static string Hf(params string[] parts) => SharedPaths.Fixture(["whisper", "whisper-tiny-random", "hf", .. parts]);

    public static string Golden(string audio, string file) => SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", audio, file);

    private static ByteLevelBpe LoadVocabMerges()
    {
        using var vocab = File.OpenRead(Hf("vocab.json"));
        using var merges = File.OpenRead(Hf("merges.txt"));
        return ByteLevelBpe.FromVocabAndMerges(vocab, merges, "vocab.json");
    }

    private static ByteLevelBpe LoadTokenizerJson()
    {
        using var stream = File.OpenRead(Hf("tokenizer.json"));
        return ByteLevelBpe.FromTokenizerJson(stream, "tokenizer.json");
    }
}
