using Warble.Cli;
using Warble.Tests.Audio;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>--vad: silence and noise give no words; speech after a long silence keeps its place on the recording's timeline.</summary>
public class SpeechOnlyTests
{
    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");
    private static readonly string Whisper = SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt");

    [Theory]
    [InlineData("demo")]
    [InlineData("whisper")]
    public async Task TenMinutesOfSilenceAndNoiseGiveNoWords(string model)
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(model == "demo" ? Demo : Whisper);
        float[] audio = NoSpeech.SilenceAndNoise(600);
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], SampleLen = 16, WordTimestamps = true };
        TranscriptionResult filtered = await transcriber.TranscribeToResultAsync(audio, options with { Vad = new VadOptions() });
        Assert.Empty(filtered.Segments);
        Assert.Equal("", filtered.Text.Trim());

        if (model == "whisper")
        {
            // Without the detector the model writes text over it (the first minute is enough to show it).
            TranscriptionResult unfiltered = await transcriber.TranscribeToResultAsync(AudioInput.FromSamples(audio.AsMemory(0, 60 * 16000)), options);
            Assert.NotEmpty(unfiltered.Segments.SelectMany(s => s.Words ?? []));
        }
    }

    [Fact]
    public async Task SpeechAfterASplicedMinuteOfSilenceKeepsItsTimes()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        float[] speech = DemoAudio.RepeatedSample();
        int splice = SpliceAt(speech);
        float[] spliced = [.. speech.AsSpan(0, splice), .. new float[60 * 16000], .. speech.AsSpan(splice)];
        var options = new TranscribeOptions { Vad = new VadOptions() };
        TranscriptionResult plain = await transcriber.TranscribeToResultAsync(speech, options);
        TranscriptionResult withGap = await transcriber.TranscribeToResultAsync(spliced, options);
        // Blank words (a lone word-start piece) come and go with the slightly different normalisation of the joined audio.
        Word[] before = [.. plain.Segments.SelectMany(s => s.Words!).Where(w => w.Text.Trim().Length > 0)];
        Word[] after = [.. withGap.Segments.SelectMany(s => s.Words!).Where(w => w.Text.Trim().Length > 0)];
        // A word or two near the cut may come and go (the joined audio differs by the padding around it): match the rest.
        List<(int Before, int After)> pairs = Matched(before, after);
        Assert.True(before.Length > 50, $"{before.Length} words");
        Assert.True(pairs.Count >= before.Length - 3 && pairs.Count >= after.Length - 3, $"{pairs.Count} of {before.Length} / {after.Length} words match");
        double spliceSeconds = splice / 16000.0;
        foreach ((int i, int j) in pairs)
        {
            double shift = before[i].Start >= spliceSeconds ? 60 : 0;
            Assert.True(Math.Abs(after[j].Start - (before[i].Start + shift)) <= 0.081, $"word {i} '{before[i].Text}': {after[j].Start} against {before[i].Start} + {shift}");
            Assert.True(Math.Abs(after[j].End - (before[i].End + shift)) <= 0.081, $"word {i} '{before[i].Text}' ends at {after[j].End} against {before[i].End} + {shift}");
        }
    }

    /// <summary>The longest common subsequence of the two word lists, by text, as index pairs.</summary>
    private static List<(int Before, int After)> Matched(Word[] a, Word[] b)
    {
        var length = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                length[i, j] = a[i].Text == b[j].Text ? length[i + 1, j + 1] + 1 : Math.Max(length[i + 1, j], length[i, j + 1]);
            }
        }

        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i].Text == b[j].Text)
            {
                pairs.Add((i++, j++));
            }
            else if (length[i + 1, j] >= length[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return pairs;
    }

    [Fact]
    public void TheCommandLineTakesTheDetectorsSettings()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-vad-{Guid.NewGuid():N}.json");
        string audio = Path.Combine(Path.GetTempPath(), $"warble-vad-{Guid.NewGuid():N}.wav");
        try
        {
            WriteWav(audio, [.. new float[16000 * 5], .. Warble.Audio.AudioLoader.Load(DemoAudio.Sample)]);
            Assert.Equal(0, CliApp.Run("transcribe", audio, "-m", Demo, "--vad", "--vad-threshold", "0.6", "--vad-speech-pad-ms", "200",
                "--vad-min-silence-ms", "500", "--format", "json", "-o", output));
            TranscriptionResult result = TranscriptWriter.ParseJson(File.ReadAllText(output));
            Assert.Contains("jacob", result.Text);
            Assert.True(result.Segments[0].Start >= 4.5, $"the speech starts at {result.Segments[0].Start} s, after 5 s of silence");
            Assert.Equal(2, CliApp.Run("transcribe", audio, "-m", Demo, "--vad", "--vad-threshold", "1.5"));
        }
        finally
        {
            File.Delete(output);
            File.Delete(audio);
        }
    }

    /// <summary>The middle of the quiet stretch after the sixth repeat of the sample.</summary>
    private static int SpliceAt(float[] speech)
    {
        int best = 0, run = 0;
        for (int i = speech.Length / 2; i < speech.Length && best == 0; i++)
        {
            run = speech[i] == 0 ? run + 1 : 0;
            if (run == 4000)
            {
                best = i - 2000;
            }
        }

        Assert.True(best > 0);
        return best;
    }

    /// <summary>16-bit PCM mono at 16 kHz, through the tests' <see cref="WavBuilder"/>.</summary>
    private static void WriteWav(string path, float[] samples) => File.WriteAllBytes(path,
        new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16([.. samples.Select(s => (short)Math.Clamp(s * 32768, -32768, 32767))])).ToArray());
}
