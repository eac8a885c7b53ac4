using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Warble.LoadTest;

/// <summary>
/// K clients on loopback, each sending requests of the mix back to back for a fixed time; a share of them hang up
/// mid-request; a 429 makes the client wait its Retry-After. Every answer is checked against the solo run.
/// </summary>
internal sealed class LoadRun(HttpClient http, IReadOnlyList<Workload> mix, double disconnectShare)
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromMinutes(3);

    public async Task<(IReadOnlyList<Outcome> Outcomes, TimeSpan Wall)> RunAsync(int clients, TimeSpan duration)
    {
        var outcomes = new ConcurrentBag<Outcome>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => ClientAsync(client, clock, duration, outcomes)));
        return ([.. outcomes], clock.Elapsed);
    }

    /// <summary>The transcript of one request of <paramref name="workload"/> sent alone.</summary>
    public async Task<string> SoloAsync(Workload workload)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/audio/transcriptions", Form(workload));
        response.EnsureSuccessStatusCode();
        return await TextAsync(response);
    }

    private async Task ClientAsync(int client, Stopwatch clock, TimeSpan duration, ConcurrentBag<Outcome> outcomes)
    {
        var random = new Random(client);
        while (clock.Elapsed < duration)
        {
            Workload workload = mix[random.Next(mix.Count)];
            bool disconnect = random.NextDouble() < disconnectShare;
            Outcome outcome = await SendAsync(workload, disconnect ? TimeSpan.FromMilliseconds(random.Next(20, 400)) : null);
            outcomes.Add(outcome);
            if (outcome.Kind == OutcomeKind.Rejected)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private async Task<Outcome> SendAsync(Workload workload, TimeSpan? hangUpAfter)
    {
        using var hangUp = new CancellationTokenSource(hangUpAfter ?? HangLimit);
        var started = Stopwatch.StartNew();
        try
        {
            using HttpResponseMessage response = await http.PostAsync("/v1/audio/transcriptions", Form(workload), hangUp.Token);
            OutcomeKind kind = response.StatusCode switch
            {
                HttpStatusCode.OK => await TextAsync(response) == workload.Solo ? OutcomeKind.Ok : OutcomeKind.Mismatch,
                HttpStatusCode.TooManyRequests when response.Headers.RetryAfter is not null && await IsRateLimitAsync(response) => OutcomeKind.Rejected,
                _ => OutcomeKind.Failed,
            };
            return new Outcome(kind, started.Elapsed, workload.Seconds);
        }
        catch (OperationCanceledException)
        {
            return new Outcome(hangUpAfter is null ? OutcomeKind.Hung : OutcomeKind.Disconnected, started.Elapsed, workload.Seconds);
        }
    }

    private static MultipartFormDataContent Form(Workload workload) => new()
    {
        { new ByteArrayContent(workload.Audio), "file", workload.Name + ".wav" },
        { new StringContent(workload.Model), "model" },
    };

    private static async Task<string> TextAsync(HttpResponseMessage response)
    {
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("text").GetString()!;
    }

    private static async Task<bool> IsRateLimitAsync(HttpResponseMessage response)
    {
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetProperty("code").GetString() == "rate_limit_exceeded";
    }
}
