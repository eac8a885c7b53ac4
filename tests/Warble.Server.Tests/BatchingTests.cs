using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Warble.Server.Hosting;
using Warble.Server.Tests.Support;

namespace Warble.Server.Tests;

/// <summary>
/// Requests that queue up behind a running one are decoded together in one call
/// (<see cref="Transcriber.TranscribeBatchAsync"/>), for both families, and each still gets exactly the transcript it
/// gets alone.
/// </summary>
public sealed class BatchingTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private HttpClient http = null!;

    public async Task InitializeAsync()
    {
        Uri address;
        (app, address) = await ServerFixture.StartAsync(options =>
        {
            options.Models["parakeet"] = ServerFixture.ParakeetModel;
            options.Models["whisper"] = ServerFixture.WhisperModel;
            options.Models["demo"] = ServerFixture.DemoModel;
            options.ConcurrentTranscriptions = 1;
            options.QueueCapacity = 16;
            options.MaxBatchSize = 8;
        });
        http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await app.DisposeAsync();
    }

    [Theory]
    [InlineData("parakeet", true)]
    [InlineData("whisper", true)]
    [InlineData("demo", false)] // CTC: no decoder steps to share, so no batch
    public async Task Queued_requests_are_decoded_together_and_each_gets_its_own_transcript(string model, bool batched)
    {
        byte[][] clips = [await File.ReadAllBytesAsync(ServerFixture.Jfk), await File.ReadAllBytesAsync(ServerFixture.KjvSample), await TestAudio.RepeatedSampleAsync(2)];
        var alone = new Dictionary<byte[], string>();
        foreach (byte[] clip in clips)
        {
            alone[clip] = await TranscribeAsync(model, clip);
        }

        // One long request holds the only worker while six short ones queue behind it.
        Task<string> holder = TranscribeAsync(model, await TestAudio.RepeatedSampleAsync(20));
        var queue = ((ModelRegistry)app.Services.GetService(typeof(ModelRegistry))!).Get(model).Queue;
        await WaitUntilAsync(() => queue.Running == 1);
        byte[][] burst = [.. Enumerable.Range(0, 6).Select(i => clips[i % clips.Length])];
        Task<string>[] requests = [.. burst.Select(clip => TranscribeAsync(model, clip))];
        string[] transcripts = await Task.WhenAll(requests);
        await holder;

        for (int i = 0; i < burst.Length; i++)
        {
            Assert.Equal(alone[burst[i]], transcripts[i]);
        }

        Assert.Contains(alone.Values, srt => srt.Contains("-->", StringComparison.Ordinal));
        (double sum, double count) = await BatchSizesAsync(model);
        if (batched)
        {
            Assert.True(sum > count, $"no call decoded more than one request: {count} calls for {sum} requests");
        }
        else
        {
            Assert.Equal(0, count);
        }
    }

    private async Task<string> TranscribeAsync(string model, byte[] audio)
    {
        using HttpResponseMessage response = await http.PostAsync("/v1/audio/transcriptions", TestAudio.Form(audio, ("model", model), ("response_format", "srt")));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return body;
    }

    /// <summary>The batch-size histogram's sum and count for the model, from /metrics.</summary>
    private async Task<(double Sum, double Count)> BatchSizesAsync(string model)
    {
        string[] lines = (await http.GetStringAsync("/metrics")).Split('\n');
        double Value(string suffix) => lines
            .Where(l => l.StartsWith("warble_transcription_batch_size" + suffix + "{", StringComparison.Ordinal) && l.Contains($"model=\"{model}\"", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture))
            .Sum();
        return (Value("_sum"), Value("_count"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
