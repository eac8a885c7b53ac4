using System.Text.Json;
using Warble.Cli;
using Warble.Tests.Support;

namespace Warble.Tests.Vad;

/// <summary>`warble vad` through the command tree, as a user runs it.</summary>
public class VadCommandTests
{
    [Fact]
    public void JsonListsTheGoldenRegionsInSeconds()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.json");
        try
        {
            int code = CliApp.Run("vad", SharedPaths.Fixture("audio", "jfk.wav"), "--format", "json", "-o", output,
                "--vad-min-speech-ms", "250", "--vad-min-silence-ms", "100", "--vad-speech-pad-ms", "30");
            Assert.Equal(0, code);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(output));
            var speech = json.RootElement.GetProperty("speech").EnumerateArray()
                .Select(s => (s.GetProperty("start").GetDouble(), s.GetProperty("end").GetDouble())).ToArray();
            // segments.json "jfk/silero": [[5152, 36320], [52256, 71136], [86048, 122848], [130592, 169952]] samples
            Assert.Equal([(0.322, 2.27), (3.266, 4.446), (5.378, 7.678), (8.162, 10.622)], speech);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void TextHasOneLinePerRegionAndOptionsChangeTheResult()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal(0, CliApp.Run("vad", SharedPaths.Fixture("audio", "jfk.wav"), "--format", "txt", "-o", output));
            Assert.Equal(["0.000 11.000"], File.ReadAllLines(output));
            Assert.Equal(0, CliApp.Run("vad", SharedPaths.Fixture("audio", "jfk.wav"), "--format", "txt", "-o", output,
                "--vad-threshold", "0.6", "--vad-min-silence-ms", "300", "--vad-speech-pad-ms", "100", "--vad-max-speech-s", "30"));
            Assert.Equal(5, File.ReadAllLines(output).Length);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void BadValuesFailWithoutAStackTrace()
    {
        Assert.Equal(1, CliApp.Run("vad", SharedPaths.Fixture("audio", "jfk.wav"), "--vad-threshold", "1.5"));
        Assert.Equal(2, CliApp.Run("vad", SharedPaths.Fixture("audio", "jfk.wav"), "--format", "srt"));
        Assert.Equal(1, CliApp.Run("vad", Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.wav")));
    }
}
