using System.Text;
using System.Text.Json;
using Warble.Models.Whisper.Decoding;
using Warble.Tests.Support;

namespace Warble.Tests.Decoding;

public class CompressionRatioTests
{
    private static readonly string[] Words =
        ["Learn", " Learn", " eclipse", " sei", " beleza", "rences", " Podcast", " \u0435\u0448\u044c", " 30", " Thai", " a", " the", ",", ".", " \u4f60\u597d"];

    [Theory]
    [InlineData("", 8)]
    [InlineData("a", 9)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 12)]
    [InlineData("abcabcabcabcabd", 14)]
    public void ZlibSizeMatchesCPythonOnSmallInputs(string text, int expected)
    {
        Assert.Equal(expected, ZlibDeflateSize.Compress(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Expected lengths are CPython 3.11 <c>len(zlib.compress(s))</c> (zlib 1.2.13) of the same LCG strings.</summary>
    [Theory]
    [InlineData(1, 5, "w", 32, 36)]
    [InlineData(2, 20, "w", 90, 79)]
    [InlineData(3, 60, "w", 318, 154)]
    [InlineData(4, 150, "w", 697, 252)]
    [InlineData(5, 400, "w", 2004, 508)]
    [InlineData(6, 3000, "a", 3000, 2514)]
    [InlineData(7, 12000, "p", 26348, 5095)]
    public void ZlibSizeMatchesCPythonOnGeneratedText(int seed, int count, string pool, int byteLength, int expected)
    {
        string[] items = pool switch
        {
            "w" => Words,
            "a" => [.. Enumerable.Range(32, 95).Select(c => ((char)c).ToString())],
            _ => ["ab", "ba", "abc", "cab", " "],
        };
        long x = seed;
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            x = ((x * 1103515245) + 12345) % (1L << 31);
            builder.Append(items[(int)((x >> 8) % items.Length)]);
        }

        byte[] bytes = Encoding.UTF8.GetBytes(builder.ToString());
        Assert.Equal(byteLength, bytes.Length);
        Assert.Equal(expected, ZlibDeflateSize.Compress(bytes));
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void GoldenDecodeCompressionRatiosAreExact(string audio)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", audio, "decode.json")));
        int checkedCount = 0;
        foreach (var run in doc.RootElement.EnumerateObject())
        {
            if (run.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var result = run.Value.GetProperty("result");
            string text = result.GetProperty("text").GetString()!;
            Assert.Equal(result.GetProperty("compression_ratio").GetDouble(), CompressionRatio.Compute(text));
            checkedCount++;
        }

        Assert.Equal(3, checkedCount);
    }
}
