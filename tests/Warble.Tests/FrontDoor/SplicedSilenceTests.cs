using Warble.Audio;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// --vad on long.wav with a minute of digital silence spliced into its pause at 32.48 s: the detector finds the same
/// speech 60 s later (within one of its 32 ms frames: its LSTM state after a minute of digital silence is not its state
/// after the recording's own pause, so the next region may start a frame later), and the words after the silence come
/// at their unspliced times plus 60 s within one frame of the model.
/// </summary>
public class SplicedSilenceTests
{
    /// <summary>In the 5.7 s pause between long.wav's first two speech regions, on a detector frame boundary (1015 × 512).</summary>
    private const int Splice = 519680;

    private const double DetectorFrame = 512 / 16000.0;

    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");

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

    [Fact]
    public async Task WordsAfterTheSilenceComeAMinuteLaterWithinAFrame()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        var options = new TranscribeOptions { Vad = new VadOptions() };
        TranscriptionResult plain = await transcriber.TranscribeToResultAsync(Audio.Value.Speech, options);
        TranscriptionResult withGap = await transcriber.TranscribeToResultAsync(Audio.Value.Spliced, options);
        Word[] before = [.. plain.Segments.SelectMany(s => s.Words!).Where(w => w.Text.Trim().Length > 0)];
        Word[] after = [.. withGap.Segments.SelectMany(s => s.Words!).Where(w => w.Text.Trim().Length > 0)];

        // The joined speech differs by the detector's frame at the second region, so a few words may come and go.
        List<(int Before, int After)> pairs = SpeechOnlyTests.Matched(before, after);
        double at = Splice / 16000.0;
        Assert.True(before.Count(w => w.Start > at) > 20, $"{before.Length} words");
        Assert.True(pairs.Count >= before.Length - 5 && pairs.Count >= after.Length - 5, $"{pairs.Count} of {before.Length} / {after.Length} words match");
        foreach ((int i, int j) in pairs)
        {
            double shift = before[i].Start >= at ? 60 : 0;
            Assert.True(Math.Abs(after[j].Start - before[i].Start - shift) <= 0.081 && Math.Abs(after[j].End - before[i].End - shift) <= 0.081,
                $"'{before[i].Text}' at {before[i].Start}-{before[i].End} comes at {after[j].Start}-{after[j].End} after the splice");
        }
    }
}
