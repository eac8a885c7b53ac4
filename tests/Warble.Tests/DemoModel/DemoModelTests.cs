using Warble.Audio;
using Warble.Cli;
using Warble.Cli.Commands;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tests.Support;
using Warble.Transcription;
using Xunit.Abstractions;

namespace Warble.Tests.DemoModel;

/// <summary>
/// The shipped demo model (models/demo-fastconformer-ctc.gguf, a trained FastConformer-CTC): it is the default model,
/// it loads as a CTC Parakeet, and it hears the words of the shipped sample.
/// </summary>
public class DemoModelTests(ITestOutputHelper output)
{
    private const string SampleWords = DemoAudio.SampleWords;

    private static string Sample => DemoAudio.Sample;

    [Fact]
    public void TheBuildPutsTheDemoModelBesideTheExecutable() =>
        Assert.True(new FileInfo(ModelPath.DemoModel).Length is > 10_000_000 and < 20_000_000, ModelPath.DemoModel);

    [Fact]
    public void ItIsACtcParakeetWithoutATransducer()
    {
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        ParakeetModel model = ParakeetModel.FromLoaded(loaded);
        Assert.False(model.HasTransducer);
        Assert.Equal(256, model.VocabSize);
        Assert.Equal(new CtcHeadConfig(256, "decoder"), model.Config.Ctc);
        Assert.Equal(8, model.Encoder.Config.SubsamplingFactor);
        Assert.Throws<InvalidOperationException>(() => model.Decoder);
    }

    [Fact]
    public void InspectDescribesTheCtcHead()
    {
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        var text = new StringWriter();
        InspectCommand.Describe(loaded, listTensors: false, text);
        Assert.Contains("architecture:  Parakeet (Ctc)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("decoder:       CTC num_classes=256 (+ blank)", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ItTranscribesTheSample()
    {
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        TranscriptionResult result = transcriber.Transcribe(AudioLoader.Load(Sample));
        Assert.Equal(SampleWords, result.Text.Trim());
        Segment segment = Assert.Single(result.Segments);
        Assert.Equal(SampleWords.Split(' '), segment.Words!.Select(w => w.Text.Trim()));
        Assert.True(segment.Words!.Zip(segment.Words!.Skip(1)).All(p => p.First.End <= p.Second.Start + 1e-9), "word times overlap");
        Assert.InRange(segment.End, 5.0, 6.0);
    }

    [Fact]
    public async Task TheLibraryFacadeRunsIt()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(ModelPath.DemoModel);
        Assert.Equal("parakeet", transcriber.Architecture);
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(Sample);
        Assert.Equal(SampleWords, result.Text.Trim());
    }

    [Fact]
    public void ChunkedLongAudioMatchesOnePass()
    {
        float[] audio = DemoAudio.RepeatedSample();
        using LoadedModel loaded = ModelLoader.Load(ModelPath.DemoModel);
        ParakeetTranscriber single = ParakeetTranscriber.FromLoaded(loaded);
        var chunked = new ParakeetTranscriber(single.Model, single.Preprocessor, single.Tokenizer) { MaxFramesPerPass = 200 };
        int[] one = single.Transcribe(audio).Segments.SelectMany(s => s.Tokens).ToArray();
        int[] windows = chunked.Transcribe(audio).Segments.SelectMany(s => s.Tokens).ToArray();
        Assert.True(audio.Length / 16000.0 / 0.08 > 3 * 100, "at least three windows of 100 centre frames");
        double distance = Sequences.EditDistance(one, windows) / (double)one.Length;
        output.WriteLine($"{audio.Length / 16000.0:F1} s, windows of 200 frames: token edit distance {distance:P2} of {one.Length} tokens");
        Assert.True(distance <= 0.02, $"token edit distance {distance:P2} of {one.Length} tokens");
    }

    [Fact]
    public void TranscribeWithoutAModelUsesTheDemoModel()
    {
        string? saved = Environment.GetEnvironmentVariable("WARBLE_MODEL");
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.txt");
        try
        {
            Environment.SetEnvironmentVariable("WARBLE_MODEL", null);
            Assert.Equal(0, CliApp.Run("transcribe", Sample, "--format", "txt", "-o", output));
            Assert.Equal(SampleWords, File.ReadAllText(output).Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("WARBLE_MODEL", saved);
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("NaN")]
    public void AMaxPassShorterThanASecondIsAUsageError(string seconds) =>
        Assert.Equal(2, CliApp.Run("transcribe", Sample, "--max-pass-seconds", seconds));
}
