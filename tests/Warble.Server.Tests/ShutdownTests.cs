using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Warble.Server.Hosting;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>Stopping the host (what SIGTERM does) lets the request in flight finish, then refuses new connections.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_drains_the_request_in_flight_and_refuses_new_ones()
    {
        (WebApplication app, Uri address) = await ServerFixture.StartAsync(options =>
        {
            options.Models["whisper"] = ServerFixture.WhisperModel;
            options.ShutdownGrace = TimeSpan.FromSeconds(30);
        });
        await using (app)
        {
            using var http = new HttpClient { BaseAddress = address };
            var registry = (ModelRegistry)app.Services.GetService(typeof(ModelRegistry))!;
            byte[] audio = await TestAudio.RepeatedSampleAsync(4);
            string expected = (await registry.Get("whisper").Transcriber.TranscribeToResultAsync(AudioInput.FromStream(new MemoryStream(audio)))).Text.Trim();
            Task<HttpResponseMessage> inFlight = http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, ("model", "whisper")));
            await HttpApiTests.WaitUntilAsync(() => registry.Get("whisper").Queue.Running == 1, TimeSpan.FromSeconds(10));

            Task stopping = app.StopAsync();
            using HttpResponseMessage answer = await inFlight;
            await stopping;

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using JsonDocument body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
            Assert.Equal(expected, body.RootElement.GetProperty("text").GetString());
            using var late = new HttpClient { BaseAddress = address };
            await Assert.ThrowsAsync<HttpRequestException>(() => late.GetAsync("/health/live"));
        }
    }
}
