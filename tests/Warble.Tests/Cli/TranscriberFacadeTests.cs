using System.Text.Json;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Cli;

/// <summary>The public facade: load, stream segments, collect the result, for both architectures.</summary>
public class TranscriberFacadeTests
{
    [Fact]
    public async Task WhisperSegmentsStreamAsOpenAiTranscribes()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        Assert.Equal("whisper", transcriber.Architecture);
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], Progress = new Progress<TranscriptionProgress>() };
        var segments = new List<Segment>();
        await foreach (Segment segment in transcriber.TranscribeAsync(SharedPaths.Fixture("audio", "jfk.wav"), options))
        {
            segments.Add(segment);
        }

        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(
            SharedPaths.Fixture("whisper", "whisper-tiny-random", "golden", "jfk", "transcribe.json")));
        TranscriptionResult expected = TranscriptionJson.Deserialize(golden.RootElement.GetProperty("plain").GetProperty("result").GetRawText());
        Assert.Equal(expected.Segments.Select(s => (s.Start, s.End, s.Text)), segments.Select(s => (s.Start, s.End, s.Text)));
        TranscriptionResult collected = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"), options);
        Assert.Equal(expected.Text, collected.Text);
    }

    [Fact]
    public async Task ParakeetTranscribesToTheGoldenText()
    {
        string folder = SharedPaths.Fixture("parakeet", "parakeet-tdt-random");
        using Transcriber transcriber = await Transcriber.LoadAsync(Path.Combine(folder, "parakeet-tdt-random.nemo"));
        Assert.Equal("parakeet", transcriber.Architecture);
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"));
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "golden", "jfk", "decode.json")));
        Assert.Equal(golden.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()), result.Segments.SelectMany(s => s.Tokens));
    }

    [Fact]
    public async Task AskingForACtcHeadAParakeetModelLacksFailsAtLoadAndWhisperIgnoresIt()
    {
        var options = new TranscriberOptions { CtcHead = true };
        await Assert.ThrowsAsync<ArgumentException>(() => Transcriber.LoadAsync(
            SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo"), options));
        using Transcriber whisper = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin"), options);
        Assert.Equal("whisper", whisper.Architecture);
    }

    [Fact]
    public async Task AMissingModelFailsWithAFileError()
    {
        await Assert.ThrowsAnyAsync<IOException>(() => Transcriber.LoadAsync("no-such-model.bin"));
    }
}
