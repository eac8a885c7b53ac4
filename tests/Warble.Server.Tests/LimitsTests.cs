using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>
/// A server with API keys, small limits and one transcription slot with no queue: 401 without the key, 413 for a
/// body or an audio too large, 429 with Retry-After at once when the slot is taken.
/// </summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private const string Key = "test-key-123";
    private readonly string keyFile = Path.Combine(Path.GetTempPath(), $"warble-keys-{Guid.NewGuid():N}.txt");
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(keyFile, $"# keys\n{Key}\n");
        Uri address;
        (app, address) = await ServerFixture.StartAsync(options =>
        {
            options.Models["whisper"] = ServerFixture.WhisperModel;
            options.ApiKeyFile = keyFile;
            options.ConcurrentTranscriptions = 1;
            options.QueueCapacity = 0;
            options.MaxRequestBodyBytes = 1_000_000;
            options.MaxAudioSeconds = 20;
            // Long enough that the session holding the one realtime slot stays open while a busy machine connects the second.
            options.RealtimeIdleTimeout = TimeSpan.FromSeconds(2);
            options.MaxRealtimeSessions = 1;
        });
        http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
        File.Delete(keyFile);
    }

    [Fact]
    public async Task Requests_without_the_key_get_openais_401_and_health_stays_open()
    {
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        using var wrong = new HttpClient { BaseAddress = http.BaseAddress };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "nope");

        await HttpApiTests.AssertErrorAsync(await anonymous.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, "invalid_api_key");
        await HttpApiTests.AssertErrorAsync(await wrong.GetAsync("/v1/models"), HttpStatusCode.Unauthorized, "invalid_api_key");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_body_or_an_audio_over_the_limits_is_a_413()
    {
        using HttpResponseMessage body = await http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(new byte[1_100_000], ("model", "whisper")));
        using HttpResponseMessage audio = await http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(TestAudio.Wav(new float[16000 * 25]), ("model", "whisper")));

        await HttpApiTests.AssertErrorAsync(body, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        await HttpApiTests.AssertErrorAsync(audio, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
    }

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_at_once()
    {
        byte[] audio = await TestAudio.RepeatedSampleAsync(3);
        using var first = new CancellationTokenSource();
        Task<HttpResponseMessage> running = http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, ("model", "whisper")), first.Token);
        var served = (Warble.Server.Hosting.ModelRegistry)app.Services.GetService(typeof(Warble.Server.Hosting.ModelRegistry))!;
        await HttpApiTests.WaitUntilAsync(() => served.Get("whisper").Queue.Running == 1, TimeSpan.FromSeconds(10));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using HttpResponseMessage refused = await http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, ("model", "whisper")));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"429 took {clock.Elapsed}");
        await HttpApiTests.AssertErrorAsync(refused, HttpStatusCode.TooManyRequests, "rate_limit_exceeded");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task A_quiet_realtime_socket_is_closed_after_the_idle_timeout()
    {
        using ClientWebSocket socket = await ConnectRealtimeAsync();
        var buffer = new byte[1 << 16];
        await socket.ReceiveAsync(buffer, CancellationToken.None);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAnyAsync<WebSocketException>(async () => await socket.ReceiveAsync(buffer, limit.Token));

        Assert.InRange(clock.Elapsed.TotalSeconds, 1.5, 6);
    }

    [Fact]
    public async Task A_realtime_session_beyond_the_limit_gets_429_before_the_upgrade()
    {
        using ClientWebSocket first = await ConnectRealtimeAsync();
        using var second = new ClientWebSocket();
        second.Options.SetRequestHeader("Authorization", "Bearer " + Key);
        second.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(RealtimeUri, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.HttpStatusCode);
    }

    private Uri RealtimeUri => new UriBuilder(http.BaseAddress!) { Scheme = "ws", Path = "/v1/realtime", Query = "intent=transcription" }.Uri;

    private async Task<ClientWebSocket> ConnectRealtimeAsync()
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + Key);
        await socket.ConnectAsync(RealtimeUri, CancellationToken.None);
        return socket;
    }
}
