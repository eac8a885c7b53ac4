using Warble.Audio;
using Warble.Cli;
using Warble.Cli.Commands;
using Warble.Tests.Audio;
using Warble.Tests.Support;

namespace Warble.Tests.Cli;

/// <summary>
/// openai-whisper's subtitle line options on the command line: Parakeet cues default to 42 characters by 2 lines
/// (an unpunctuated model is otherwise one cue per file); Whisper needs word timestamps for them, as openai's cli.
/// </summary>
public sealed class SubtitleLineOptionsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("warble-subtitles-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void ParakeetCuesAreTwoLinesOfAtMost42Characters()
    {
        string audio = Path.Combine(folder, "long.wav");
        WriteWav(audio, DemoAudio.RepeatedSample());
        string srt = Path.Combine(folder, "long.srt");
        Assert.Equal(0, CliApp.Run("transcribe", audio, "-m", ModelPath.DemoModel, "--format", "srt", "-o", srt));
        string[] cues = File.ReadAllText(srt).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(cues.Length > 10, $"{cues.Length} cues");
        foreach (string cue in cues)
        {
            string[] lines = cue.Split('\n')[2..];
            Assert.InRange(lines.Length, 1, 2);
            Assert.All(lines, line => Assert.True(line.Trim().Length <= 42 || !line.Trim().Contains(' '), line));
        }
    }

    [Fact]
    public void MaxWordsPerLineAppliesToParakeet()
    {
        string srt = Path.Combine(folder, "sample.srt");
        Assert.Equal(0, CliApp.Run("transcribe", DemoAudio.Sample, "-m", ModelPath.DemoModel, "--max-words-per-line", "3", "--format", "srt", "-o", srt));
        string[] cues = File.ReadAllText(srt).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DemoAudio.SampleWords.Split(' ').Length, cues.Sum(c => c.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.All(cues, cue => Assert.InRange(cue.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 1, 3));
    }

    [Theory]
    [InlineData("--max-line-width", "20")]
    [InlineData("--highlight-words", null)]
    public void WhisperLineOptionsNeedWordTimestamps(string option, string? value)
    {
        string model = SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin");
        string[] args = ["transcribe", DemoAudio.Sample, "-m", model, "--format", "srt", "-o", Path.Combine(folder, "w.srt"), option];
        Assert.Equal(1, CliApp.Run(value is null ? args : [.. args, value]));
        Assert.False(File.Exists(Path.Combine(folder, "w.srt")));
    }

    [Fact]
    public void ALineWidthBelowOneIsAUserError() =>
        Assert.Equal(1, CliApp.Run("transcribe", DemoAudio.Sample, "-m", ModelPath.DemoModel, "--max-line-width", "0"));

    private static void WriteWav(string path, float[] samples) =>
        File.WriteAllBytes(path, new WavBuilder().Fmt(1, 1, AudioLoader.SampleRate, 16)
            .Data(WavBuilder.Int16([.. samples.Select(v => (short)Math.Clamp(MathF.Round(v * 32768), short.MinValue, short.MaxValue))])).ToArray());
}
