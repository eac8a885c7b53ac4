using System.Text.Json;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Transcription;

public class TranscriptionJsonTests
{
    [Theory]
    [InlineData("jfk", "plain")]
    [InlineData("jfk", "word_timestamps")]
    [InlineData("espeak", "plain")]
    [InlineData("espeak", "word_timestamps")]
    public void GoldenTranscribeResultsRoundTrip(string audio, string run)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", audio, "transcribe.json")));
        string goldenJson = doc.RootElement.GetProperty(run).GetProperty("result").GetRawText();

        var result = TranscriptionJson.Deserialize(goldenJson);
        Assert.NotEmpty(result.Segments);
        Assert.Equal(run == "word_timestamps", result.Segments[0].Words is not null);

        using var golden = JsonDocument.Parse(goldenJson);
        using var written = JsonDocument.Parse(TranscriptionJson.Serialize(result));
        AssertSameJson(golden.RootElement, written.RootElement, "$");
    }

    [Fact]
    public void KeysAreOpenaisAndNullFieldsAreOmitted()
    {
        var segment = new Segment(0, 0, 0.0, 1.5, " hi", [50364, 123], 0.0, -0.25, 1.1, 0.01, [new Word(" hi", 0.0, 1.5, 0.9)]);
        string json = TranscriptionJson.Serialize(new TranscriptionResult(" hi", "en", [segment]));
        Assert.Equal(
            "{\"text\":\" hi\",\"segments\":[{\"id\":0,\"seek\":0,\"start\":0,\"end\":1.5,\"text\":\" hi\",\"tokens\":[50364,123],"
            + "\"temperature\":0,\"avg_logprob\":-0.25,\"compression_ratio\":1.1,\"no_speech_prob\":0.01,"
            + "\"words\":[{\"word\":\" hi\",\"start\":0,\"end\":1.5,\"probability\":0.9}]}],\"language\":\"en\"}",
            json);

        var parakeet = segment with { Words = null, Temperature = null, NoSpeechProb = null, TokenFrames = [3, 7], TokenDurations = [1, 2] };
        string parakeetJson = TranscriptionJson.Serialize(new TranscriptionResult(" hi", "en", [parakeet]));
        Assert.Contains("\"token_frames\":[3,7],\"token_durations\":[1,2]", parakeetJson, StringComparison.Ordinal);
        Assert.DoesNotContain("words", parakeetJson, StringComparison.Ordinal);
        Assert.DoesNotContain("no_speech_prob", parakeetJson, StringComparison.Ordinal);
    }

    private static void AssertSameJson(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind || (IsNumber(expected) && IsNumber(actual)), path);
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToList();
                Assert.Equal(expectedKeys.OrderBy(k => k, StringComparer.Ordinal), actual.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal));
                foreach (string key in expectedKeys)
                {
                    AssertSameJson(expected.GetProperty(key), actual.GetProperty(key), path + "." + key);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertSameJson(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetDouble(), actual.GetDouble());
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    private static bool IsNumber(JsonElement e) => e.ValueKind == JsonValueKind.Number;
}
