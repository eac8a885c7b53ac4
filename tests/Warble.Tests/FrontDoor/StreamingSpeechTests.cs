using Warble.Audio;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// StreamingOptions.Vad: a live stream passes on the speech the whole-recording --vad would decode, sample for sample,
/// so silence and noise give no words and words after silence keep their place on the timeline of the audio received.
/// </summary>
public class StreamingSpeechTests
{
    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");

    public static TheoryData<int, int, double, int> Cuts => new()
    {
        { 2000, 400, double.PositiveInfinity, 0 },
        { 100, 400, double.PositiveInfinity, 250 },
        { 300, 200, 8, 100 },
        { 150, 600, 5, 0 },
    };

    [Theory]
    [MemberData(nameof(Cuts))]
    public void TheStreamPassesOnTheSpeechOfTheWholeRecording(int minSilenceMs, int padMs, double maxSpeechS, int minSpeechMs)
    {
        var options = new VadOptions { MinSilenceDurationMs = minSilenceMs, SpeechPadMs = padMs, MaxSpeechDurationS = maxSpeechS, MinSpeechDurationMs = minSpeechMs };
        float[] audio = SpeechWithPauses();
        using SpeechOnlyAudio whole = SpeechOnlyAudio.Detect(AudioInput.FromSamples(audio), options, default);
        float[] expected = [.. AudioSamples.Blocks(whole.Speech, default).SelectMany(b => b.ToArray())];

        var gate = new SpeechGate(options);
        var passed = new List<float>();
        var random = new Random(7);
        for (int at = 0; at < audio.Length;)
        {
            int block = Math.Min(random.Next(1, 9000), audio.Length - at);
            gate.Buffer(audio.AsSpan(at, block));
            gate.Decide(s => passed.AddRange(s));
            at += block;
        }

        gate.Complete(s => passed.AddRange(s));
        Assert.True(whole.Regions.Count >= 3, $"{whole.Regions.Count} regions");
        Assert.Equal(whole.Regions, gate.Regions);
        Assert.Equal(expected, passed);
    }

    [Fact]
    public async Task SilenceAndNoiseGiveNoWords()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        TranscriptionStream stream = transcriber.CreateStream(new StreamingOptions { Vad = new VadOptions() });
        float[] audio = NoSpeech.SilenceAndNoise(120);
        var words = new List<Word>();
        for (int at = 0; at < audio.Length; at += 16000)
        {
            words.AddRange(stream.Append(audio.AsSpan(at, 16000)));
        }

        words.AddRange(stream.Complete());
        Assert.Empty(words);
        Assert.Empty(stream.Result.Segments.SelectMany(s => s.Words ?? []));
    }

    [Fact]
    public async Task SpeechAfterSilenceKeepsItsTimes()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        float[] speech = AudioLoader.Load(DemoAudio.Sample);
        float[] late = [.. NoSpeech.SilenceAndNoise(40), .. speech, .. new float[3 * 16000]];
        List<Word> alone = Stream(transcriber, new StreamingOptions(), speech);
        List<Word> gated = Stream(transcriber, new StreamingOptions { Vad = new VadOptions() }, late);

        Assert.Equal(DemoAudio.SampleWords, string.Concat(gated.Select(w => w.Text)).Trim());
        Assert.Equal(alone.Select(w => w.Text), gated.Select(w => w.Text));
        foreach ((Word a, Word g) in alone.Zip(gated))
        {
            // One encoder frame (80 ms) and one detector frame (32 ms) of slack: the detector may start the speech a frame early.
            Assert.True(Math.Abs(g.Start - a.Start - 40) <= 0.113 && Math.Abs(g.End - a.End - 40) <= 0.113, $"'{a.Text}' at {a.Start} comes at {g.Start}");
        }
    }

    private static List<Word> Stream(Transcriber transcriber, StreamingOptions options, float[] audio)
    {
        TranscriptionStream stream = transcriber.CreateStream(options);
        var words = new List<Word>();
        for (int at = 0; at < audio.Length; at += 4000)
        {
            words.AddRange(stream.Append(audio.AsSpan(at, Math.Min(4000, audio.Length - at))));
        }

        words.AddRange(stream.Complete());
        Assert.Equal(stream.Result.Segments.SelectMany(s => s.Words!), words);
        return words;
    }

    /// <summary>jfk and long.wav with pauses of digital silence and of quiet noise between.</summary>
    private static float[] SpeechWithPauses()
    {
        float[] jfk = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        float[] longer = AudioLoader.Load(SharedPaths.Fixture("audio", "long.wav"));
        return [.. new float[20000], .. jfk, .. NoSpeech.SilenceAndNoise(3), .. longer[..600000], .. new float[7777], .. jfk, .. NoSpeech.SilenceAndNoise(1)];
    }
}
