using BenchmarkDotNet.Attributes;
using Warble.Text;

namespace Warble.Bench.Text;

/// <summary>Whisper BPE encode (cold: unique words; warm: repeated text hits the per-word cache) and decode.</summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private const string Paragraph =
        " And so, my fellow Americans: ask not what your country can do for you — ask what you can do for your country. "
        + "日本語のテキストも少し。 Numbers 1234567 and emoji 😀👍🏽 too.";

    private WhisperTokenizer tokenizer = null!;
    private int[] ids = [];
    private int counter;

    [GlobalSetup]
    public void Setup()
    {
        tokenizer = WhisperTokenizer.FromEmbedded(multilingual: true, 51865);
        ids = tokenizer.Encode(Paragraph);
    }

    [Benchmark(Baseline = true)]
    public int EncodeWarm() => tokenizer.Encode(Paragraph).Length;

    [Benchmark]
    public int EncodeColdWords() => tokenizer.Encode(Paragraph + " unique" + counter++.ToString(System.Globalization.CultureInfo.InvariantCulture) + "xq").Length;

    [Benchmark]
    public int Decode() => tokenizer.Decode(ids).Length;
}
