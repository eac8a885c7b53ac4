using System.Net;
using Microsoft.AspNetCore.Builder;
using Warble.Server.Hosting;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>A request that runs past the per-request timeout is cancelled and answered 504 in OpenAI's error shape.</summary>
public sealed class TimeoutTests
{
    [Fact]
    public async Task A_transcription_past_the_timeout_is_cancelled_with_a_504()
    {
        (WebApplication app, Uri address) = await ServerFixture.StartAsync(options =>
        {
            options.Models["whisper"] = ServerFixture.WhisperModel;
            options.RequestTimeout = TimeSpan.FromMilliseconds(300);
        });
        await using (app)
        {
            using var http = new HttpClient { BaseAddress = address };
            var registry = (ModelRegistry)app.Services.GetService(typeof(ModelRegistry))!;

            using HttpResponseMessage answer = await http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(await TestAudio.RepeatedSampleAsync(12), ("model", "whisper")));

            await HttpApiTests.AssertErrorAsync(answer, HttpStatusCode.GatewayTimeout, "timeout");
            await HttpApiTests.WaitUntilAsync(() => registry.Get("whisper").Queue.Running == 0, TimeSpan.FromSeconds(1));
        }
    }
}
