using Warble.Audio;
using Warble.Cli.Commands;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// <see cref="Transcriber.TranscribeBatchAsync"/> gives every recording the result it gets alone, for both families,
/// with recordings of different lengths, one longer than a pass, one empty, and inputs of every kind.
/// </summary>
public class BatchTranscriptionTests
{
    public static TheoryData<string, string> Models() => new()
    {
        { "parakeet", SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo") },
        { "demo (ctc)", ModelPath.DemoModel },
        { "whisper", SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt") },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task EachRecordingGetsItsOwnResult(string family, string model)
    {
        // Whisper's random fixture runs every fallback temperature: short windows keep it quick.
        var options = new TranscribeOptions { Language = "en", SampleLen = 24, MaxPassSeconds = 8, WordTimestamps = true };
        string jfk = SharedPaths.Fixture("audio", "jfk.wav"), espeak = SharedPaths.Fixture("audio", "espeak.wav");
        string sample = Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");
        float[] espeakSamples = AudioLoader.Load(espeak);
        Func<AudioInput>[] inputs =
        [
            () => jfk, // 11 s: longer than MaxPassSeconds, so it runs alone in windows (Parakeet)
            () => sample,
            () => AudioInput.FromSamples(espeakSamples),
            () => AudioInput.FromStream(File.OpenRead(espeak), leaveOpen: false),
            () => new float[100], // too short for one feature frame: nothing to decode
            () => sample,
        ];
        using Transcriber transcriber = await Transcriber.LoadAsync(model);
        var alone = new List<TranscriptionResult>();
        foreach (Func<AudioInput> input in inputs)
        {
            alone.Add(await transcriber.TranscribeToResultAsync(input(), options));
        }

        IReadOnlyList<TranscriptionResult> batch = await transcriber.TranscribeBatchAsync([.. inputs.Select(i => i())], options);
        Assert.Equal(inputs.Length, batch.Count);
        Assert.Contains(alone, r => r.Text.Length > 10);
        for (int i = 0; i < inputs.Length; i++)
        {
            AssertSameResult(alone[i], batch[i], $"{family}, input {i}");
        }
    }

    [Theory]
    [InlineData("parakeet", true)]
    [InlineData("demo (ctc)", false)]
    [InlineData("whisper", true)]
    public async Task OnlyModelsWithDecoderStepsShareThem(string family, bool shares)
    {
        string model = (string)Models().Single(row => (string)row[0] == family)[1];
        using Transcriber transcriber = await Transcriber.LoadAsync(model);
        Assert.Equal(shares, transcriber.SharesDecoderSteps);
    }

    [Fact]
    public async Task BadBatchesAreRefused()
    {
        Transcriber transcriber = await Transcriber.LoadAsync(ModelPath.DemoModel);
        await Assert.ThrowsAsync<ArgumentNullException>(() => transcriber.TranscribeBatchAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => transcriber.TranscribeBatchAsync([Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav"), null!]));
        Assert.Empty(await transcriber.TranscribeBatchAsync([]));
        transcriber.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transcriber.TranscribeBatchAsync([new float[16000]]));
    }

    /// <summary>Equal text, segments and words; probabilities to within float rounding (a batch's products sum in another order).</summary>
    internal static void AssertSameResult(TranscriptionResult expected, TranscriptionResult actual, string what)
    {
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Language, actual.Language);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        for (int s = 0; s < expected.Segments.Count; s++)
        {
            Segment e = expected.Segments[s], a = actual.Segments[s];
            Assert.True(Plain(e) == Plain(a) with { Tokens = e.Tokens, TokenFrames = e.TokenFrames, TokenDurations = e.TokenDurations, NoSpeechProb = e.NoSpeechProb },
                $"{what}: segment {s} differs");
            Assert.Equal(e.Tokens, a.Tokens);
            Assert.Equal(e.TokenFrames, a.TokenFrames);
            Assert.Equal(e.TokenDurations, a.TokenDurations);
            Assert.Equal(e.AvgLogprob ?? 0, a.AvgLogprob ?? 0, 1e-4);
            Assert.Equal(e.NoSpeechProb ?? 0, a.NoSpeechProb ?? 0, 1e-4);
            Assert.Equal(e.Words?.Count, a.Words?.Count);
            for (int w = 0; w < (e.Words?.Count ?? 0); w++)
            {
                Assert.Equal(e.Words![w] with { Probability = 0 }, a.Words![w] with { Probability = 0 });
                Assert.Equal(e.Words[w].Probability, a.Words[w].Probability, 1e-4);
            }
        }
    }

    private static Segment Plain(Segment segment) => segment with { Words = null, AvgLogprob = null };
}
