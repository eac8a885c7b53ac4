using Warble.Audio;
using Warble.Cli;
using Warble.Cli.Commands;
using Warble.Formats;
using Warble.Tests.Parakeet;
using Warble.Tests.Support;
using Warble.Transcription;
using Xunit.Abstractions;

namespace Warble.Tests.Transcription;

/// <summary>
/// Parakeet on audio that arrives in pieces: a window as long as the audio is the one-pass transcription, streamed
/// words are the result's words, and on real speech (the demo model) the stream hears what one pass hears.
/// </summary>
public class ParakeetStreamTests(ITestOutputHelper output)
{
    private const string SampleWords = DemoAudio.SampleWords;

    private static readonly Lazy<ParakeetTranscriber> Fixture = new(() => ParakeetTranscriber.FromLoaded(ParakeetGolden.Loaded.Value));

    private static string Sample => DemoAudio.Sample;

    [Theory]
    [InlineData("jfk", 777)]
    [InlineData("espeak", 16000)]
    public void OneWindowOverTheWholeAudioIsTheOnePassTranscription(string stem, int block)
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
        TranscriptionResult expected = Fixture.Value.Transcribe(audio);
        ParakeetStream stream = Fixture.Value.CreateStream(new StreamingOptions { ChunkSeconds = 600 });
        List<Word> words = Feed(stream, audio, block);
        TranscriptionResult actual = stream.Result;
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Segments.SelectMany(s => s.Tokens), actual.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(expected.Segments.SelectMany(s => s.TokenFrames!), actual.Segments.SelectMany(s => s.TokenFrames!));
        Assert.Equal(expected.Segments.SelectMany(s => s.TokenDurations!), actual.Segments.SelectMany(s => s.TokenDurations!));
        Assert.Equal(expected.Segments.Select(s => (s.Start, s.End, s.Text)), actual.Segments.Select(s => (s.Start, s.End, s.Text)));
        Assert.Equal(expected.Segments.SelectMany(s => s.Words!), words);
    }

    [Theory]
    [InlineData(0.4, 0.8, 0.16)]
    [InlineData(1, 0, 0)]
    [InlineData(0.08, 2, 0.4)]
    public void StreamedWordsAreTheResultsWords(double chunk, double left, double right)
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        ParakeetStream stream = Fixture.Value.CreateStream(new StreamingOptions { ChunkSeconds = chunk, LeftContextSeconds = left, RightContextSeconds = right });
        List<Word> words = Feed(stream, audio, 1001);
        Assert.NotEmpty(words);
        Assert.Equal(stream.Result.Segments.SelectMany(s => s.Words!), words);
        int[] frames = stream.Result.Segments.SelectMany(s => s.TokenFrames!).ToArray();
        Assert.Equal(frames.Order(), frames);
        Assert.InRange(frames[^1], 0, (audio.Length / 1280) + 1);
    }

    [Fact]
    public void TheDemoModelHearsInAStreamWhatItHearsInOnePass()
    {
        // Fed in blocks of 3331 samples.
        float[] audio = DemoAudio.RepeatedSample();
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        TranscriptionResult single = transcriber.Transcribe(audio);
        ParakeetStream stream = transcriber.CreateStream(new StreamingOptions());
        var words = new List<Word>();
        int firstWordsAt = -1;
        for (int start = 0; start < audio.Length; start += 3331)
        {
            ReadOnlySpan<float> block = audio.AsSpan(start, Math.Min(3331, audio.Length - start));
            IReadOnlyList<Word> final = stream.Append(block);
            firstWordsAt = firstWordsAt < 0 && final.Count > 0 ? start + block.Length : firstWordsAt;
            words.AddRange(final);
        }

        words.AddRange(stream.Complete());
        string truth = string.Join(' ', Enumerable.Repeat(SampleWords, 12));
        double streamWer = WordErrorRate(truth, stream.Result.Text), singleWer = WordErrorRate(truth, single.Text);
        int[] one = single.Segments.SelectMany(s => s.Tokens).ToArray();
        double distance = Sequences.EditDistance(one, stream.Result.Segments.SelectMany(s => s.Tokens).ToArray()) / (double)one.Length;
        output.WriteLine($"{audio.Length / 16000.0:F1} s: WER one pass {singleWer:P2}, stream {streamWer:P2}; token edit distance {distance:P2} of {one.Length}; first words after {firstWordsAt / 16000.0:F1} s");
        Assert.Equal(stream.Result.Segments.SelectMany(s => s.Words!), words);
        Assert.InRange(firstWordsAt / 16000.0, 6, 8.5);
        Assert.True(streamWer <= singleWer + 0.02, $"WER one pass {singleWer:P2}, stream {streamWer:P2}");
        Assert.True(distance <= 0.04, $"token edit distance {distance:P2} of {one.Length} tokens");
    }

    [Fact]
    public void AFinishedStreamTakesNoMoreAudio()
    {
        ParakeetStream stream = Fixture.Value.CreateStream(new StreamingOptions());
        Assert.Throws<InvalidOperationException>(() => stream.Result);
        Assert.Empty(stream.Append(new float[100]));
        Assert.Empty(stream.Complete());
        Assert.Equal("", stream.Result.Text);
        Assert.Throws<InvalidOperationException>(() => stream.Append(new float[100]));
        Assert.Throws<InvalidOperationException>(() => stream.Complete());
    }

    [Theory]
    [InlineData(0, 6, 2)]
    [InlineData(double.NaN, 6, 2)]
    [InlineData(4, -1, 2)]
    [InlineData(4, 6, double.PositiveInfinity)]
    public void AnImpossibleCutIsRejected(double chunk, double left, double right) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Fixture.Value.CreateStream(new StreamingOptions { ChunkSeconds = chunk, LeftContextSeconds = left, RightContextSeconds = right }));

    [Fact]
    public async Task TheFacadeStreamsParakeetAndRefusesWhisper()
    {
        using (Transcriber parakeet = await Transcriber.LoadAsync(ModelPath.DemoModel))
        {
            TranscriptionStream stream = parakeet.CreateStream();
            var words = new List<Word>(stream.Append(AudioLoader.Load(Sample)));
            words.AddRange(stream.Complete());
            Assert.Equal(SampleWords, string.Concat(words.Select(w => w.Text)).Trim());
            Assert.Equal(SampleWords, stream.Result.Text.Trim());
        }

        using Transcriber whisper = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin"));
        Assert.Throws<NotSupportedException>(() => whisper.CreateStream());
    }

    [Fact]
    public async Task TheFacadeTranscribesAStreamAsItArrivesAndLeavesItOpen()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(ModelPath.DemoModel);
        using var audio = new MemoryStream(File.ReadAllBytes(Sample));
        var words = new List<Word>();
        await foreach (Word word in transcriber.TranscribeLiveAsync(audio, new StreamingOptions { ChunkSeconds = 1, LeftContextSeconds = 3 }))
        {
            words.Add(word);
        }

        Assert.Equal(SampleWords, string.Concat(words.Select(w => w.Text)).Trim());
        Assert.True(words.Zip(words.Skip(1)).All(p => p.First.End <= p.Second.Start + 1e-9), "word times go back");
        Assert.True(audio.CanRead, "the caller's stream was disposed");
        await Assert.ThrowsAsync<AudioFormatException>(async () =>
        {
            await foreach (Word word in transcriber.TranscribeLiveAsync(new MemoryStream()))
            {
                words.Add(word);
            }
        });
    }

    [Fact]
    public void TheCommandLineStreamsAFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal(0, CliApp.Run("transcribe", Sample, "-m", ModelPath.DemoModel, "--stream", "--chunk-seconds", "1", "--format", "txt", "-o", path));
            Assert.Equal(SampleWords, File.ReadAllText(path).Trim());
            Assert.Equal(1, CliApp.Run("transcribe", Sample, "-m", ModelPath.DemoModel, "--stream", "--chunk-seconds", "0"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<Word> Feed(ParakeetStream stream, float[] audio, int block)
    {
        var words = new List<Word>();
        for (int start = 0; start < audio.Length; start += block)
        {
            words.AddRange(stream.Append(audio.AsSpan(start, Math.Min(block, audio.Length - start))));
        }

        words.AddRange(stream.Complete());
        return words;
    }

    private static double WordErrorRate(string reference, string hypothesis)
    {
        var ids = new Dictionary<string, int>();
        int[] Ids(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => ids.TryGetValue(w, out int id) ? id : ids[w] = ids.Count).ToArray();
        int[] words = Ids(reference);
        return Sequences.EditDistance(words, Ids(hypothesis)) / (double)words.Length;
    }
}
