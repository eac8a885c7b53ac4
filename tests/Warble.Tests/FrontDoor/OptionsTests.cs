using Warble.Cli;
using Warble.Tensors.Parallel;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>One options type: openai's settings reachable from the library and, one to one, from the command line.</summary>
public class OptionsTests
{
    private static readonly string Jfk = SharedPaths.Fixture("audio", "jfk.wav");
    private static readonly string Whisper = SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt");

    [Fact]
    public async Task LanguageNamesWorkAsInOpenAiWhisper()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
        var options = new TranscribeOptions { Temperatures = [0.0], SampleLen = 20 };
        TranscriptionResult byCode = await transcriber.TranscribeToResultAsync(Jfk, options with { Language = "de" });
        TranscriptionResult byName = await transcriber.TranscribeToResultAsync(Jfk, options with { Language = "German" });
        Assert.Equal("de", byName.Language);
        Assert.Equal(TranscriptWriter.ToString(byCode, "json"), TranscriptWriter.ToString(byName, "json"));
        var e = await Assert.ThrowsAsync<ArgumentException>(() => transcriber.TranscribeToResultAsync(Jfk, options with { Language = "Klingon" }));
        Assert.Contains("Klingon", e.Message);
    }

    [Fact]
    public void ValidateRefusesImpossibleSettings()
    {
        TranscribeOptions ok = new();
        Assert.Same(ok, ok.Validate());
        foreach (TranscribeOptions bad in new[]
        {
            ok with { Task = "summarise" }, ok with { Temperatures = [] }, ok with { Temperatures = [-1] }, ok with { BeamSize = 0 },
            ok with { Patience = 2 }, ok with { LengthPenalty = 3 }, ok with { HallucinationSilenceThreshold = 0 },
            ok with { ClipTimestamps = [double.NaN] }, ok with { MaxPassSeconds = 0 }, ok with { MaxSegmentSeconds = 0 }, ok with { Threads = 0 },
        })
        {
            Assert.Throws<ArgumentException>(() => bad.Validate());
        }
    }

    /// <summary>Every openai option the CLI takes lands in the same TranscribeOptions the library would be given.</summary>
    [Fact]
    public async Task TheCommandLineMapsItsFlagsOneToOne()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-options-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, CliApp.Run("transcribe", Jfk, "-m", Whisper, "--language", "English", "--temperature", "0", "0.5", "--best-of", "2",
                "--beam-size", "2", "--patience", "1.5", "--clip-timestamps", "1.5,9", "--initial-prompt", "ask not", "--carry-initial-prompt",
                "--word-timestamps", "--hallucination-silence-threshold", "0.5", "--suppress-tokens", "-1,220", "--sample-len", "24",
                "--max-initial-timestamp", "0.5", "--seed", "3", "--no-speech-threshold", "0.5", "--format", "json", "-o", output));
            using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
            TranscriptionResult expected = await transcriber.TranscribeToResultAsync(Jfk, new TranscribeOptions
            {
                Language = "en", Temperatures = [0, 0.5], BestOf = 2, BeamSize = 2, Patience = 1.5, ClipTimestamps = [1.5, 9],
                InitialPrompt = "ask not", CarryInitialPrompt = true, WordTimestamps = true, HallucinationSilenceThreshold = 0.5,
                SuppressTokens = [-1, 220], SampleLen = 24, MaxInitialTimestamp = 0.5, Seed = 3, NoSpeechThreshold = 0.5,
            });
            Assert.Equal(TranscriptWriter.ToString(expected, "json"), File.ReadAllText(output));
            Assert.All(expected.Segments, s => Assert.True(s.Start >= 1.5, $"segment at {s.Start} s is outside the clip"));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public async Task ThreadsArePerTranscriberAndCallNotProcessWide()
    {
        int before = WorkerPool.Shared.ThreadCount;
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], SampleLen = 20 };
        using Transcriber one = await Transcriber.LoadAsync(Whisper, new TranscriberOptions { Threads = 1 });
        TranscriptionResult single = await one.TranscribeToResultAsync(Jfk, options);
        TranscriptionResult perCall = await one.TranscribeToResultAsync(Jfk, options with { Threads = 3 });
        Assert.Equal(before, WorkerPool.Shared.ThreadCount);
        Assert.Equal(TranscriptWriter.ToString(single, "json"), TranscriptWriter.ToString(perCall, "json"));
    }
}
