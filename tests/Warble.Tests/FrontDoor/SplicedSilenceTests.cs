using Warble.Audio;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// --vad on long.wav with a minute of digital silence spliced into its pause at 32.48 s: the detector finds the same
/// speech 60 s later (within one of its 32 ms frames: its LSTM state after a minute of digital silence is not its state
/// after the recording's own pause, so the next region starts a frame later, and the joined speech differs by those
/// 512 samples), and against the same speech with a second of digital silence there, every time after the silence
/// comes exactly a minute later.
/// </summary>
public class SplicedSilenceTests
{
    /// <summary>In the 5.7 s pause between long.wav's first two speech regions, on a detector frame boundary (1015 × 512).</summary>
    private const int Splice = 519680;

    private const double DetectorFrame = 512 / 16000.0;

    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");
    private static readonly string Whisper = SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt");

    private static readonly Lazy<(float[] Speech, float[] Spliced)> Audio = new(() =>
    {
        float[] speech = AudioLoader.Load(SharedPaths.Fixture("audio", "long.wav"));
        return (speech, [.. speech.AsSpan(0, Splice), .. new float[60 * 16000], .. speech.AsSpan(Splice)]);
    });

    [Fact]
    public async Task TheDetectorFindsTheSameSpeechAMinuteLater()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        IReadOnlyList<SpeechSpan> plain = await transcriber.DetectSpeechAsync(Audio.Value.Speech);
        IReadOnlyList<SpeechSpan> withGap = await transcriber.DetectSpeechAsync(Audio.Value.Spliced);
        Assert.Equal(3, plain.Count);
        Assert.Equal(plain.Count, withGap.Count);
        foreach ((SpeechSpan b, SpeechSpan a) in plain.Zip(withGap))
        {
            double shift = b.Start >= Splice / 16000.0 ? 60 : 0;
            Assert.True(Math.Abs(a.Start - b.Start - shift) <= DetectorFrame + 1e-9 && Math.Abs(a.End - b.End - shift) <= DetectorFrame + 1e-9,
                $"{b.Start}-{b.End} is found at {a.Start}-{a.End}");
        }
    }

    /// <summary>
    /// The splice against the same speech with one second of digital silence at the same place (so the detector meets
    /// the speech after the pause in the same state, and finds exactly the same regions 60 s earlier): the same text,
    /// and every time after the silence 60 s earlier, within one frame (the times are rounded to 10 ms).
    /// </summary>
    [Theory]
    [InlineData("demo", null)]
    [InlineData("whisper", null)]
    [InlineData("whisper", 4)]
    public async Task TimesAfterTheSilenceAreTheSpeechTimesPlusAMinute(string model, int? batchSize)
    {
        float[] speech = Audio.Value.Speech;
        float[] second = [.. speech.AsSpan(0, Splice), .. new float[16000], .. speech.AsSpan(Splice)];
        float[] minute = [.. speech.AsSpan(0, Splice), .. new float[61 * 16000], .. speech.AsSpan(Splice)];
        using Transcriber transcriber = await Transcriber.LoadAsync(model == "demo" ? Demo : Whisper);
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], WordTimestamps = true, Vad = new VadOptions(), BatchSize = batchSize };
        TranscriptionResult plain = await transcriber.TranscribeToResultAsync(second, options);
        TranscriptionResult spliced = await transcriber.TranscribeToResultAsync(minute, options);

        double at = Splice / 16000.0;
        Assert.NotEmpty(plain.Text.Trim());
        Assert.Equal(plain.Text, spliced.Text);
        Word[] before = [.. plain.Segments.SelectMany(s => s.Words!)], after = [.. spliced.Segments.SelectMany(s => s.Words!)];
        Assert.True(before.Count(w => w.Start > at) > 20, $"{before.Length} words");
        Assert.Equal(before.Select(w => w.Text), after.Select(w => w.Text));
        foreach ((Word b, Word a) in before.Zip(after))
        {
            double shift = b.Start >= at ? 60 : 0;
            Assert.True(Math.Abs(a.Start - b.Start - shift) <= 0.011 && Math.Abs(a.End - b.End - shift) <= 0.011,
                $"'{b.Text}' at {b.Start}-{b.End} comes at {a.Start}-{a.End} after the splice");
        }

        Assert.Equal(plain.Segments.Count, spliced.Segments.Count);
        foreach ((Segment b, Segment a) in plain.Segments.Zip(spliced.Segments))
        {
            // A segment may run across the silence: each of its times moves if it is after the splice.
            Assert.True(Math.Abs(a.Start - b.Start - (b.Start >= at ? 60 : 0)) <= 0.011 && Math.Abs(a.End - b.End - (b.End > at ? 60 : 0)) <= 0.011,
                $"segment {b.Id} at {b.Start}-{b.End} comes at {a.Start}-{a.End} after the splice");
        }
    }
}
