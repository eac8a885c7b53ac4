using System.Text.Json;
using Warble.Cli;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Cli;

/// <summary>The command line's contract: the JSON result, stage outputs and exit codes.</summary>
public class CliTests
{
    private static string Whisper(string file) => SharedPaths.Fixture("whisper", "whisper-tiny-random", file);

    [Fact]
    public void TranscribeJsonReproducesOpenAiTranscribe()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.json");
        try
        {
            int code = CliApp.Run("transcribe", SharedPaths.Fixture("audio", "jfk.wav"), "-m", Whisper("ggml-model.bin"),
                "--language", "en", "--temperature", "0", "--beam-size", "1", "--format", "json", "-o", output, "--threads", "1");
            Assert.Equal(0, code);
            using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(Whisper("golden"), "jfk", "transcribe.json")));
            TranscriptionResult expected = TranscriptionJson.Deserialize(golden.RootElement.GetProperty("plain").GetProperty("result").GetRawText());
            TranscriptionResult actual = TranscriptionJson.Deserialize(File.ReadAllText(output));
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Language, actual.Language);
            Assert.Equal(expected.Segments.Select(s => (s.Seek, s.Start, s.End, s.Text)), actual.Segments.Select(s => (s.Seek, s.Start, s.End, s.Text)));
            Assert.Equal(expected.Segments.SelectMany(s => s.Tokens), actual.Segments.SelectMany(s => s.Tokens));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void FeaturesWritesTheFirstWindowAsNpy()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.npy");
        try
        {
            Assert.Equal(0, CliApp.Run("features", SharedPaths.Fixture("audio", "jfk.wav"), "-m", Whisper("model.pt"), "-o", output));
            (float[] actual, int[] shape) = Warble.Formats.NpyFile.ReadFloat32(output);
            (float[] expected, int[] expectedShape) = Warble.Formats.NpyFile.ReadFloat32(Path.Combine(Whisper("golden"), "jfk", "mel.npy"));
            Assert.Equal(expectedShape, shape);
            Assert.True(actual.Zip(expected).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void AWavOfZeroSamplesGivesAnEmptyTranscript()
    {
        string wav = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.wav");
        string output = Path.ChangeExtension(wav, ".json");
        try
        {
            using (var writer = new BinaryWriter(File.Create(wav)))
            {
                writer.Write("RIFF"u8);
                writer.Write(36);
                writer.Write("WAVEfmt "u8);
                writer.Write(16);
                writer.Write((short)1);
                writer.Write((short)1);
                writer.Write(16000);
                writer.Write(32000);
                writer.Write((short)2);
                writer.Write((short)16);
                writer.Write("data"u8);
                writer.Write(0);
            }

            Assert.Equal(0, CliApp.Run("transcribe", wav, "-m", Whisper("model.pt"), "--language", "en", "--format", "json", "-o", output));
            TranscriptionResult result = TranscriptionJson.Deserialize(File.ReadAllText(output));
            Assert.Equal("", result.Text);
            Assert.Empty(result.Segments);
        }
        finally
        {
            File.Delete(wav);
            File.Delete(output);
        }
    }

    [Theory]
    [InlineData(2, "transcribe", "--no-such-option")]
    [InlineData(2, "no-such-command")]
    [InlineData(1, "transcribe", "missing.wav", "-m", "missing.bin")]
    public void ExitCodesFollowTheContract(int expected, params string[] args) => Assert.Equal(expected, CliApp.Run(args));

    /// <summary>--ctc-head fails for a TDT-only Parakeet model, and is ignored with a notice for Whisper.</summary>
    [Fact]
    public void CtcHeadNeedsAModelWithOne()
    {
        string jfk = SharedPaths.Fixture("audio", "jfk.wav");
        Assert.Equal(1, CliApp.Run("transcribe", jfk, "-m", SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo"), "--ctc-head"));
        string output = Path.Combine(Path.GetTempPath(), $"warble-ctc-{Guid.NewGuid():N}.txt");
        try
        {
            Assert.Equal(0, CliApp.Run("transcribe", jfk, "-m", Whisper("model.pt"), "--ctc-head", "--language", "en", "--beam-size", "1",
                "--temperature", "0", "--format", "txt", "-o", output));
            Assert.True(File.Exists(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void AMissingAudioFileIsAOneLineFailure()
    {
        Assert.Equal(1, CliApp.Run("transcribe", "missing.wav", "-m", Whisper("model.pt")));
    }
}
