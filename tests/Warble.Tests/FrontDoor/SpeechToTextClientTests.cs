using Microsoft.Extensions.AI;
using Warble.Tests.Support;
using Warble.Transcription;

#pragma warning disable MEAI001 // Microsoft.Extensions.AI's speech-to-text abstractions are experimental.

namespace Warble.Tests.FrontDoor;

/// <summary>The Microsoft.Extensions.AI client gives what the transcriber gives, whole and streamed.</summary>
public class SpeechToTextClientTests
{
    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");

    [Fact]
    public async Task TextAndStreamingUpdatesMatchTheTranscriber()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        TranscriptionResult expected = await transcriber.TranscribeToResultAsync(DemoAudio.Sample);
        using ISpeechToTextClient client = new TranscriberSpeechToTextClient(transcriber, "demo");

        await using (FileStream audio = File.OpenRead(DemoAudio.Sample))
        {
            SpeechToTextResponse response = await client.GetTextAsync(audio);
            Assert.Equal(expected.Text, response.Text);
            Assert.Equal("demo", response.ModelId);
            Assert.Same(typeof(TranscriptionResult), response.RawRepresentation!.GetType());
            Assert.Equal(TimeSpan.FromSeconds(expected.Segments[^1].End), response.EndTime);
        }

        var updates = new List<SpeechToTextResponseUpdate>();
        await using (FileStream audio = File.OpenRead(DemoAudio.Sample))
        {
            await foreach (SpeechToTextResponseUpdate update in client.GetStreamingTextAsync(audio))
            {
                updates.Add(update);
            }
        }

        Assert.Equal(SpeechToTextResponseUpdateKind.SessionOpen, updates[0].Kind);
        Assert.Equal(SpeechToTextResponseUpdateKind.SessionClose, updates[^1].Kind);
        Assert.Equal(expected.Segments.Select(s => s.Text), updates.Where(u => u.Kind == SpeechToTextResponseUpdateKind.TextUpdated).Select(u => u.Text));
        Assert.Same(transcriber, client.GetService<Transcriber>());
        Assert.Equal("warble", client.GetService<SpeechToTextClientMetadata>()!.ProviderName);
    }

    [Fact]
    public async Task OptionsReachTheTranscriber()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        using var client = new TranscriberSpeechToTextClient(transcriber);
        var settings = new TranscribeOptions { Temperatures = [0.0], SampleLen = 16 };
        var options = new SpeechToTextOptions { SpeechLanguage = "de", TextLanguage = "en", RawRepresentationFactory = _ => settings };
        await using FileStream audio = File.OpenRead(SharedPaths.Fixture("audio", "jfk.wav"));
        SpeechToTextResponse response = await client.GetTextAsync(audio, options);
        TranscriptionResult expected = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"),
            settings with { Language = "de", Task = "translate" });
        Assert.Equal(expected.Text, response.Text);
        Assert.Equal("de", ((TranscriptionResult)response.RawRepresentation!).Language);
        await Assert.ThrowsAsync<NotSupportedException>(() => client.GetTextAsync(Stream.Null, new SpeechToTextOptions { SpeechLanguage = "de", TextLanguage = "fr" }));
    }
}
