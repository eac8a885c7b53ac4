using System.Text.Json;
using Warble.Audio;
using Warble.Tests.Support;
using Warble.Vad;

namespace Warble.Tests.Vad;

/// <summary>
/// Speech regions against tools/silero-vad/segment_goldens.py, a plain-Python port of <c>get_speech_timestamps</c>, on
/// ONNX Runtime's probabilities for the audio fixtures and on made-up sequences (edge cases: speech to the end,
/// splits at the longest or last silence, no silence at all, padding that overlaps, the two thresholds).
/// </summary>
public class SpeechTimestampsTests
{
    private static readonly Lazy<JsonElement[]> Cases = new(() =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "silero-vad", "segments.json"))).RootElement.EnumerateArray()]);

    public static TheoryData<string> CaseNames => [.. Cases.Value.Select(c => c.GetProperty("name").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RegionsMatchThePythonPort(string name)
    {
        JsonElement c = Cases.Value.Single(e => e.GetProperty("name").GetString() == name);
        float[] probabilities = c.GetProperty("probs").ValueKind == JsonValueKind.Null
            ? SileroVadParityTests.Golden(c.GetProperty("audio").GetString()!)
            : [.. c.GetProperty("probs").EnumerateArray().Select(p => (float)p.GetDouble())];
        List<SpeechRegion> actual = SpeechTimestamps.Get(probabilities, c.GetProperty("audio_length").GetInt32(), Options(c.GetProperty("options")));
        Assert.Equal(Expected(c), actual.Select(r => (r.Start, r.End)));
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("long")]
    [InlineData("espeak")]
    public void DetectOnWarblesOwnProbabilitiesGivesTheGoldenRegions(string audio)
    {
        float[] samples = AudioLoader.Load(SharedPaths.Fixture("audio", audio + ".wav"));
        foreach (JsonElement c in Cases.Value.Where(c => c.GetProperty("audio").ValueKind == JsonValueKind.String && c.GetProperty("audio").GetString() == audio))
        {
            IReadOnlyList<SpeechRegion> actual = SpeechDetector.Default.Detect(samples, Options(c.GetProperty("options")));
            Assert.Equal(Expected(c), actual.Select(r => (r.Start, r.End)));
        }
    }

    [Fact]
    public void AMultipleOf512GetsAWholeZeroFrameAsInFasterWhisper()
    {
        var samples = new float[512 * 20];
        var detector = SpeechDetector.Default;
        Assert.Equal(20, detector.Probabilities(samples).Length);
        Assert.Empty(detector.Detect(samples, new VadOptions()));
        Assert.Empty(detector.Detect([], new VadOptions()));
    }

    private static IEnumerable<(int, int)> Expected(JsonElement c) =>
        c.GetProperty("speeches").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32()));

    private static VadOptions Options(JsonElement o)
    {
        var options = new VadOptions();
        foreach (JsonProperty p in o.EnumerateObject())
        {
            options = p.Name switch
            {
                "threshold" => options with { Threshold = p.Value.GetDouble() },
                "neg_threshold" => options with { NegThreshold = p.Value.GetDouble() },
                "min_speech_duration_ms" => options with { MinSpeechDurationMs = p.Value.GetInt32() },
                "max_speech_duration_s" => options with { MaxSpeechDurationS = p.Value.GetDouble() },
                "min_silence_duration_ms" => options with { MinSilenceDurationMs = p.Value.GetInt32() },
                "speech_pad_ms" => options with { SpeechPadMs = p.Value.GetInt32() },
                "use_max_poss_sil_at_max_speech" => options with { UseMaxPossSilAtMaxSpeech = p.Value.GetBoolean() },
                _ => throw new InvalidOperationException($"unknown option {p.Name}"),
            };
        }

        options.Validate();
        return options;
    }
}
