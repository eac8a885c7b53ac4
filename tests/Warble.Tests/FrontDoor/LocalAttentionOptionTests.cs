using Warble.Cli;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>--attention local[:N] / LocalAttentionFrames switches a full-context Parakeet model to local attention per call.</summary>
public class LocalAttentionOptionTests
{
    private static readonly string Model = SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");
    private static readonly string Jfk = SharedPaths.Fixture("audio", "jfk.wav");

    [Fact]
    public async Task AWindowWiderThanTheAudioIsFullAttentionAndANarrowOneIsNot()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Model);
        string full = Json(await transcriber.TranscribeToResultAsync(Jfk));
        string wide = Json(await transcriber.TranscribeToResultAsync(Jfk, new TranscribeOptions { LocalAttentionFrames = 1000 }));
        string narrow = Json(await transcriber.TranscribeToResultAsync(Jfk, new TranscribeOptions { LocalAttentionFrames = 4 }));
        Assert.Equal(full, wide);
        Assert.NotEqual(full, narrow);
        Assert.Equal(full, Json(await transcriber.TranscribeToResultAsync(Jfk)));
    }

    [Fact]
    public async Task TheCommandLineTakesLocalWithAContext()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-local-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(0, CliApp.Run("transcribe", Jfk, "-m", Model, "--attention", "local:4", "--format", "json", "-o", output));
            using Transcriber transcriber = await Transcriber.LoadAsync(Model);
            Assert.Equal(Json(await transcriber.TranscribeToResultAsync(Jfk, new TranscribeOptions { LocalAttentionFrames = 4 })), File.ReadAllText(output));
            Assert.Equal(2, CliApp.Run("transcribe", Jfk, "-m", Model, "--attention", "sparse"));
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string Json(TranscriptionResult result) => TranscriptWriter.ToString(result, "json");
}
