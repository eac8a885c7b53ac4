using System.Net;
using System.Text.Json;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>The server over raw HTTP: health, models, metrics, OpenAI's error object for bad requests, cancellation.</summary>
[Collection(ServerCollection.Name)]
public sealed class HttpApiTests(ServerFixture server)
{
    [Fact]
    public async Task Health_and_models_answer()
    {
        Assert.Equal("""{"status":"ok"}""", await server.Http.GetStringAsync("/health/live"));
        Assert.Equal("""{"status":"ok"}""", await server.Http.GetStringAsync("/health/ready"));
        using JsonDocument models = JsonDocument.Parse(await server.Http.GetStringAsync("/v1/models"));

        Assert.Equal("list", models.RootElement.GetProperty("object").GetString());
        Assert.Equal(["demo", "whisper", "parakeet"], models.RootElement.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("model", models.RootElement.GetProperty("data")[0].GetProperty("object").GetString());
        await AssertErrorAsync(await server.Http.GetAsync("/v1/models/nope"), HttpStatusCode.NotFound, "model_not_found");
        await AssertErrorAsync(await server.Http.GetAsync("/v1/chat/completions"), HttpStatusCode.NotFound, null);
    }

    [Theory]
    [InlineData("response_format", "xml", "response_format")]
    [InlineData("temperature", "3", "temperature")]
    [InlineData("stream", "maybe", "stream")]
    [InlineData("timestamp_granularities[]", "word", "timestamp_granularities")]
    public async Task Bad_fields_are_openai_400s(string field, string value, string param)
    {
        byte[] audio = await File.ReadAllBytesAsync(ServerFixture.KjvSample);

        using HttpResponseMessage response = await server.Http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, (field, value)));

        JsonElement error = await AssertErrorAsync(response, HttpStatusCode.BadRequest, null);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_missing_file_or_one_that_is_not_audio_is_a_400()
    {
        using var noFile = new MultipartFormDataContent { { new StringContent("demo"), "model" } };
        JsonElement missing = await AssertErrorAsync(await server.Http.PostAsync("/v1/audio/transcriptions", noFile), HttpStatusCode.BadRequest, null);
        Assert.Equal("file", missing.GetProperty("param").GetString());

        using HttpResponseMessage notAudio = await server.Http.PostAsync("/v1/audio/transcriptions", TestAudio.Form("RIFF but not really"u8.ToArray()));
        await AssertErrorAsync(notAudio, HttpStatusCode.BadRequest, null);

        using var noModel = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(ServerFixture.KjvSample)), "file", "a.wav" } };
        JsonElement model = await AssertErrorAsync(await server.Http.PostAsync("/v1/audio/transcriptions", noModel), HttpStatusCode.BadRequest, null);
        Assert.Equal("model", model.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Metrics_report_requests_queue_and_audio_in_prometheus_format()
    {
        using HttpResponseMessage transcribed = await server.Http.PostAsync("/v1/audio/transcriptions",
            TestAudio.Form(await File.ReadAllBytesAsync(ServerFixture.KjvSample)));
        transcribed.EnsureSuccessStatusCode();

        string metrics = await server.Http.GetStringAsync("/metrics");

        Assert.Contains("warble_audio_processed_seconds_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("warble_queue_depth{", metrics, StringComparison.Ordinal);
        Assert.Contains("warble_transcriptions_in_flight{", metrics, StringComparison.Ordinal);
        Assert.Contains("warble_transcription_latency_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("warble_transcription_real_time_factor_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("http_response_status_code=\"200\",http_route=\"/v1/audio/transcriptions\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_disconnects_stops_its_transcription_within_a_second()
    {
        byte[] audio = await TestAudio.RepeatedSampleAsync(12);
        using var client = new CancellationTokenSource();
        Task<HttpResponseMessage> request = server.Http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, ("model", "whisper")), client.Token);
        await WaitUntilAsync(() => server.Models.Get("whisper").Queue.Running == 1, TimeSpan.FromSeconds(10));

        await client.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        await WaitUntilAsync(() => server.Models.Get("whisper").Queue.Running == 0, TimeSpan.FromSeconds(1));
    }

    internal static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? code)
    {
        Assert.Equal(status, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        JsonElement error = body.RootElement.GetProperty("error").Clone();
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.True(error.TryGetProperty("type", out _) && error.TryGetProperty("param", out _) && error.TryGetProperty("code", out _));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        return error;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, $"not reached within {limit.TotalSeconds} s");
            await Task.Delay(10);
        }
    }
}
