using Warble.Cli;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>`encode` then `decode` gives `transcribe`'s transcript, through the library and through the command line.</summary>
public class DecodeStageTests
{
    private static readonly string Jfk = SharedPaths.Fixture("audio", "jfk.wav");

    [Fact]
    public async Task WhisperEncodeThenDecodeIsTranscribe()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        var options = new TranscribeOptions { Language = "en", BeamSize = 5, BestOf = 5 };
        TranscriptionResult expected = await transcriber.TranscribeToResultAsync(Jfk, options);
        Assert.All(expected.Segments, s => Assert.Equal(0, s.Seek));
        StageOutput encoded = await transcriber.EncodeAsync(Jfk);
        TranscriptionResult decoded = await transcriber.DecodeAsync(encoded, options with { ClipTimestamps = [0, 11] });
        Assert.Equal(Json(expected), Json(decoded));
        await Assert.ThrowsAsync<ArgumentException>(() => transcriber.DecodeAsync(new StageOutput(new float[12], [3, 4])));
    }

    [Fact]
    public async Task ParakeetEncodeThenDecodeIsTranscribeOnTheCommandLine()
    {
        string model = SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");
        string npy = Path.Combine(Path.GetTempPath(), $"warble-enc-{Guid.NewGuid():N}.npy");
        string json = Path.ChangeExtension(npy, ".json");
        try
        {
            Assert.Equal(0, CliApp.Run("encode", Jfk, "-m", model, "-o", npy));
            Assert.Equal(0, CliApp.Run("decode", npy, "-m", model, "--format", "json", "-o", json));
            using Transcriber transcriber = await Transcriber.LoadAsync(model);
            Assert.Equal(Json(await transcriber.TranscribeToResultAsync(Jfk)), File.ReadAllText(json));
            Assert.Equal(1, CliApp.Run("decode", Jfk, "-m", model));
        }
        finally
        {
            File.Delete(npy);
            File.Delete(json);
        }
    }

    private static string Json(TranscriptionResult result) => TranscriptWriter.ToString(result, "json");
}
