using System.ClientModel;
using OpenAI.Audio;
using Warble.Server.Tests.Support;
using Warble.Transcription;

namespace Warble.Server.Tests;

/// <summary>
/// The official OpenAI .NET SDK against the server: each answer equals what <see cref="Transcriber"/> returns for the
/// same file and options (OpenAI's temperature 0 is openai-whisper's default fallback list, the library's default).
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OpenAiSdkTests(ServerFixture server)
{
    [Fact]
    public async Task Json_transcription_is_the_transcribers_text()
    {
        TranscriptionResult expected = await server.Transcriber("demo").TranscribeToResultAsync(ServerFixture.KjvSample);

        AudioTranscription answer = await server.Audio("demo").TranscribeAudioAsync(ServerFixture.KjvSample);

        Assert.Equal(expected.Text.Trim(), answer.Text);
        Assert.Contains("jacob was greatly afraid", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_srt_and_vtt_are_openais_plain_answers()
    {
        TranscriptionResult expected = await server.Transcriber("demo").TranscribeToResultAsync(ServerFixture.KjvSample);
        AudioClient audio = server.Audio("demo");

        AudioTranscription text = await audio.TranscribeAudioAsync(ServerFixture.KjvSample, new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Text });
        AudioTranscription srt = await audio.TranscribeAudioAsync(ServerFixture.KjvSample, new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Srt });
        AudioTranscription vtt = await audio.TranscribeAudioAsync(ServerFixture.KjvSample, new AudioTranscriptionOptions { ResponseFormat = AudioTranscriptionFormat.Vtt });

        Assert.Equal(expected.Text.Trim() + "\n", text.Text);
        Segment only = Assert.Single(expected.Segments);
        Assert.Equal($"1\n00:00:00,000 --> {Cue(only.End, ',')}\n{only.Text.Trim()}\n\n", srt.Text);
        Assert.Equal($"WEBVTT\n\n00:00:00.000 --> {Cue(only.End, '.')}\n{only.Text.Trim()}\n\n", vtt.Text);
    }

    [Fact]
    public async Task Verbose_json_has_the_transcribers_segments_and_words()
    {
        TranscriptionResult expected = await server.Transcriber("whisper").TranscribeToResultAsync(ServerFixture.Jfk,
            new TranscribeOptions { Language = "en", WordTimestamps = true });

        AudioTranscription answer = await server.Audio("whisper").TranscribeAudioAsync(ServerFixture.Jfk, new AudioTranscriptionOptions
        {
            ResponseFormat = AudioTranscriptionFormat.Verbose,
            Language = "en",
            Temperature = 0,
            TimestampGranularities = AudioTimestampGranularities.Word | AudioTimestampGranularities.Segment,
        });

        Assert.Equal("english", answer.Language);
        Assert.Equal(11.0, answer.Duration!.Value.TotalSeconds, 2);
        Assert.Equal(expected.Text.Trim(), answer.Text);
        Assert.Equal(expected.Segments.Count, answer.Segments.Count);
        for (int i = 0; i < expected.Segments.Count; i++)
        {
            Segment want = expected.Segments[i];
            TranscribedSegment got = answer.Segments[i];
            Assert.Equal((want.Id, want.Seek, want.Text), (got.Id, got.SeekOffset, got.Text));
            Assert.Equal(want.Start, got.StartTime.TotalSeconds, 3);
            Assert.Equal(want.End, got.EndTime.TotalSeconds, 3);
            Assert.Equal(want.Tokens, got.TokenIds.ToArray());
            Assert.Equal(want.AvgLogprob!.Value, got.AverageLogProbability, 4);
        }

        Word[] words = [.. expected.Segments.SelectMany(s => s.Words!)];
        Assert.Equal(words.Select(w => w.Text.Trim()), answer.Words.Select(w => w.Word));
        Assert.Equal(words.Select(w => Math.Round(w.Start, 3)), answer.Words.Select(w => Math.Round(w.StartTime.TotalSeconds, 3)));
    }

    [Fact]
    public async Task Word_granularity_alone_lists_parakeet_words_without_segments()
    {
        TranscriptionResult expected = await server.Transcriber("demo").TranscribeToResultAsync(ServerFixture.KjvSample);

        AudioTranscription answer = await server.Audio("demo").TranscribeAudioAsync(ServerFixture.KjvSample, new AudioTranscriptionOptions
        {
            ResponseFormat = AudioTranscriptionFormat.Verbose,
            TimestampGranularities = AudioTimestampGranularities.Word,
        });

        Assert.Empty(answer.Segments);
        Assert.Equal(expected.Segments.SelectMany(s => s.Words!).Select(w => (w.Text.Trim(), Math.Round(w.End, 3))),
            answer.Words.Select(w => (w.Word, Math.Round(w.EndTime.TotalSeconds, 3))));
    }

    [Fact]
    public async Task Translation_runs_whispers_translate_task()
    {
        TranscriptionResult expected = await server.Transcriber("whisper").TranscribeToResultAsync(ServerFixture.Jfk, new TranscribeOptions { Task = "translate" });

        AudioTranslation answer = await server.Audio("whisper").TranslateAudioAsync(ServerFixture.Jfk,
            new AudioTranslationOptions { ResponseFormat = AudioTranslationFormat.Verbose });

        Assert.Equal(expected.Text.Trim(), answer.Text);
        Assert.Equal(expected.Segments.Select(s => s.Text), answer.Segments.Select(s => s.Text));
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("whisper")]
    public async Task Streaming_sends_each_segment_then_the_whole_text(string model)
    {
        TranscriptionResult expected = await server.Transcriber(model).TranscribeToResultAsync(ServerFixture.Jfk);
        var deltas = new List<string>();
        string? done = null;

        await foreach (StreamingAudioTranscriptionUpdate update in await server.Audio(model).TranscribeAudioStreamingAsync(ServerFixture.Jfk))
        {
            if (update is StreamingAudioTranscriptionTextDeltaUpdate delta)
            {
                deltas.Add(delta.Delta);
            }
            else if (update is StreamingAudioTranscriptionTextDoneUpdate end)
            {
                done = end.Text;
            }
        }

        Assert.Equal(expected.Segments.Select(s => s.Text), deltas);
        Assert.Equal(expected.Text.Trim(), done);
    }

    [Fact]
    public async Task Unknown_model_is_openais_404()
    {
        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => server.Audio("whisper-1").TranscribeAudioAsync(ServerFixture.KjvSample));

        Assert.Equal(404, error.Status);
        Assert.Contains("model_not_found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parakeet_cannot_translate()
    {
        ClientResultException error = await Assert.ThrowsAsync<ClientResultException>(() => server.Audio("demo").TranslateAudioAsync(ServerFixture.KjvSample));

        Assert.Equal(400, error.Status);
    }

    private static string Cue(double seconds, char marker) => Warble.Server.Transcriptions.SubtitleText.Timestamp(seconds, marker);
}
