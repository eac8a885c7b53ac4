using Warble.Cli;
using Warble.Cli.Commands;
using Warble.Tests.Support;
using Warble.Transcription;
using Xunit.Abstractions;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// <see cref="TranscriberOptions.Compute"/>: int8 encoder products give the f32 transcript's tokens (at least 99 % by
/// edit distance) on the demo model's sample and its long repetition; f32 stays the default. jfk.wav is outside what
/// the demo model knows (its f32 transcript is mostly wrong words), so near-tied tokens flip there: measured 4 of 38,
/// bounded at 15 %. On a CPU without AVX-VNNI both runs are f32 and agree exactly.
/// </summary>
public class ComputePrecisionTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> Audio() => new() { { "sample", 0.01 }, { "repeated", 0.01 }, { "jfk", 0.15 } };

    [Fact]
    public void F32IsTheDefault() => Assert.Equal(ComputePrecision.F32, new TranscriberOptions().Compute);

    [Theory]
    [MemberData(nameof(Audio))]
    public async Task Int8AgreesWithF32OnTheDemoModel(string name, double bound)
    {
        AudioInput audio = name switch
        {
            "sample" => AudioInput.FromFile(DemoAudio.Sample),
            "repeated" => AudioInput.FromSamples(DemoAudio.RepeatedSample()),
            _ => AudioInput.FromFile(SharedPaths.Fixture("audio", "jfk.wav")),
        };
        int[] exact = await Tokens(ComputePrecision.F32, audio);
        int[] int8 = await Tokens(ComputePrecision.Int8, audio);
        double distance = Sequences.EditDistance(exact, int8) / (double)Math.Max(1, exact.Length);
        output.WriteLine($"{name}: {exact.Length} tokens, int8 edit distance {distance:P2}");
        Assert.True(exact.Length > 0);
        Assert.True(distance <= bound, $"{name}: {distance:P2}");
    }

    [Fact]
    public void TheCommandLineTakesCompute()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-int8-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal(2, CliApp.Run("transcribe", DemoAudio.Sample, "--compute", "f64"));
            Assert.Equal(0, CliApp.Run("transcribe", DemoAudio.Sample, "--compute", "int8", "--format", "txt", "-o", output));
            Assert.Equal(DemoAudio.SampleWords, File.ReadAllText(output).Trim());
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static async Task<int[]> Tokens(ComputePrecision precision, AudioInput audio)
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(ModelPath.DemoModel, new TranscriberOptions { Compute = precision });
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(audio);
        return [.. result.Segments.SelectMany(s => s.Tokens)];
    }
}
