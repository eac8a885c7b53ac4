using Warble.Audio;
using Warble.Cli;
using Warble.Tests.Support;
using Warble.Transcription;
using Warble.Vad;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// --vad --batch-size N (faster-whisper's batched pipeline): the chunks decoded together give the tokens, text and
/// times they give one at a time, and one at a time give exactly what the decode stage gives each chunk's window
/// alone; times are on the recording's timeline. Probabilities of a batch may differ from one row's in the last
/// float bits (a product over N rows takes another kernel path than one over a single row).
/// </summary>
public class BatchedSpeechTests
{
    private static readonly string Whisper = SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt");
    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");
    private static readonly Lazy<float[]> Recording = new(MakeRecording);

    private static TranscribeOptions Options => new() { Language = "en", Temperatures = [0.0], Vad = new VadOptions(), WordTimestamps = true };

    [Theory]
    [InlineData(4, null)]
    [InlineData(8, null)]
    [InlineData(3, 5)]
    public async Task ABatchGivesWhatItsChunksGiveOneAtATime(int batchSize, int? beamSize)
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
        TranscribeOptions options = Options with { BeamSize = beamSize };
        TranscriptionResult one = await transcriber.TranscribeToResultAsync(Recording.Value, options with { BatchSize = 1 });
        TranscriptionResult many = await transcriber.TranscribeToResultAsync(Recording.Value, options with { BatchSize = batchSize });
        Assert.True(one.Segments.Count >= 4, $"{one.Segments.Count} segments");
        AssertSame(one, many);
    }

    [Fact]
    public async Task TemperatureFallbackDecodesTheFailedChunksTogether()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
        TranscribeOptions options = Options with { Temperatures = [0.0, 0.5, 1.0], CompressionRatioThreshold = 1.5 };
        TranscriptionResult one = await transcriber.TranscribeToResultAsync(Recording.Value, options with { BatchSize = 1 });
        TranscriptionResult many = await transcriber.TranscribeToResultAsync(Recording.Value, options with { BatchSize = 5 });
        Assert.Contains(one.Segments, s => s.Temperature > 0);
        AssertSame(one, many);
    }

    [Fact]
    public async Task EachChunkDecodesAsItsWindowAloneAndLandsAtItsPlace()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
        TranscribeOptions options = Options with { WordTimestamps = false };
        TranscriptionResult batched = await transcriber.TranscribeToResultAsync(Recording.Value, options with { BatchSize = 1 });

        // The chunks as the run cuts them, each through the decode stage on its own (openai's loop over one window).
        VadOptions vad = options.Vad! with { MaxSpeechDurationS = 30 };
        using SpeechOnlyAudio speech = SpeechOnlyAudio.Detect(AudioInput.FromSamples(Recording.Value), vad, default);
        List<SpeechRegion> chunks = SpeechChunks.Merge(speech.Regions, vad.SpeechPadMs, 30);
        Assert.True(chunks.Count >= 4, $"{chunks.Count} chunks");
        var expected = new List<Segment>();
        foreach (SpeechRegion chunk in chunks)
        {
            Assert.True(chunk.Length <= 30 * 16000);
            float[] samples = Recording.Value[chunk.Start..chunk.End];
            StageOutput encoded = await transcriber.EncodeAsync(AudioInput.FromSamples(samples));
            TranscriptionResult alone = await transcriber.DecodeAsync(encoded, options with { Vad = null, ClipTimestamps = [0, samples.Length / 160 / 100.0] });
            expected.AddRange(alone.Segments.Where(s => s.Start != s.End).Select(s => s with { Start = s.Start + chunk.StartSeconds, End = s.End + chunk.StartSeconds }));
        }

        Segment[] actual = [.. batched.Segments.Where(s => s.Start != s.End)];
        Assert.Equal(expected.Count, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.Equal(expected[i].Tokens, actual[i].Tokens);
            Assert.Equal(expected[i].Text, actual[i].Text);
            Assert.Equal(expected[i].Start, actual[i].Start, 9);
            Assert.Equal(expected[i].End, actual[i].End, 9);
            Assert.Equal(expected[i].AvgLogprob, actual[i].AvgLogprob);
            Assert.Equal(expected[i].NoSpeechProb, actual[i].NoSpeechProb);
        }

        Assert.True(actual.Zip(actual.Skip(1)).All(p => p.First.Start <= p.Second.Start), "segments in time order");
    }

    [Fact]
    public void BadBatchSizesAreUsageErrors()
    {
        string audio = SharedPaths.Fixture("audio", "jfk.wav");
        Assert.Equal(2, CliApp.Run("transcribe", audio, "-m", Whisper, "--vad", "--batch-size", "0"));
        Assert.Equal(2, CliApp.Run("transcribe", audio, "-m", Whisper, "--vad", "--batch-size", "65"));
        Assert.Equal(2, CliApp.Run("transcribe", audio, "-m", Whisper, "--batch-size", "4"));
        Assert.Equal(2, CliApp.Run("transcribe", audio, "-m", Demo, "--vad", "--batch-size", "4"));
        Assert.Throws<ArgumentException>(() => new TranscribeOptions { BatchSize = 4 }.Validate());
        Assert.Throws<ArgumentException>(() => new TranscribeOptions { BatchSize = 0, Vad = new VadOptions() }.Validate());
        Assert.Throws<ArgumentException>(() => new TranscribeOptions { BatchSize = 2, Vad = new VadOptions(), ClipTimestamps = [1] }.Validate());
    }

    [Fact]
    public async Task AParakeetModelRefusesBatches()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        await Assert.ThrowsAsync<ArgumentException>(() => transcriber.TranscribeToResultAsync(new float[16000], new TranscribeOptions { Vad = new VadOptions(), BatchSize = 2 }));
    }

    /// <summary>Equal tokens, text, times and words; probabilities within float rounding.</summary>
    private static void AssertSame(TranscriptionResult expected, TranscriptionResult actual)
    {
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Segments.Count, actual.Segments.Count);
        foreach ((Segment e, Segment a) in expected.Segments.Zip(actual.Segments))
        {
            Assert.Equal((e.Id, e.Seek, e.Start, e.End, e.Text, e.Temperature, e.CompressionRatio), (a.Id, a.Seek, a.Start, a.End, a.Text, a.Temperature, a.CompressionRatio));
            Assert.Equal(e.Tokens, a.Tokens);
            Assert.Equal(e.AvgLogprob!.Value, a.AvgLogprob!.Value, 1e-5);
            Assert.Equal(e.NoSpeechProb!.Value, a.NoSpeechProb!.Value, 1e-5);
            Assert.Equal(e.Words?.Select(w => (w.Text, w.Start, w.End)), a.Words?.Select(w => (w.Text, w.Start, w.End)));
            Assert.Equal(e.Words?.Select(w => w.Probability) ?? [], a.Words?.Select(w => w.Probability) ?? [], (x, y) => Math.Abs(x - y) <= 1e-5);
        }
    }

    /// <summary>jfk, long.wav and jfk again with pauses between: speech the detector finds, in several chunks.</summary>
    private static float[] MakeRecording()
    {
        float[] jfk = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        float[] longer = AudioLoader.Load(SharedPaths.Fixture("audio", "long.wav"));
        return [.. new float[3 * 16000], .. jfk, .. new float[4 * 16000], .. longer, .. new float[5 * 16000], .. jfk, .. new float[2 * 16000]];
    }
}
