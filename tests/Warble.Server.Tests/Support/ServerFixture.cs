using System.ClientModel;
using Microsoft.AspNetCore.Builder;
using OpenAI;
using OpenAI.Audio;
using Warble.Server.Hosting;
using Warble.Tests.Support;

namespace Warble.Server.Tests.Support;

/// <summary>
/// A Warble server started in-process on a free loopback port, serving the demo model as "demo", the random Whisper
/// fixture as "whisper" and the random Parakeet TDT fixture as "parakeet"; shared by every test of a collection.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private WebApplication? app;

    public static string DemoModel => Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");

    public static string WhisperModel => SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin");

    public static string ParakeetModel => SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");

    public static string KjvSample => Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");

    public static string Jfk => SharedPaths.Fixture("audio", "jfk.wav");

    /// <summary>The server's address, e.g. http://127.0.0.1:41234.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    internal ModelRegistry Models => (ModelRegistry)app!.Services.GetService(typeof(ModelRegistry))!;

    /// <summary>The transcriber the server loaded under <paramref name="name"/>, to compute what a request should return.</summary>
    public Transcriber Transcriber(string name) => Models.Get(name).Transcriber;

    /// <summary>An OpenAI SDK audio client for <paramref name="model"/> that talks to this server.</summary>
    public AudioClient Audio(string model) =>
        new OpenAIClient(new ApiKeyCredential("unused"), new OpenAIClientOptions { Endpoint = new Uri(BaseAddress, "/v1") }).GetAudioClient(model);

    public async Task InitializeAsync()
    {
        (app, BaseAddress) = await StartAsync(options =>
        {
            options.Models["demo"] = DemoModel;
            options.Models["whisper"] = WhisperModel;
            options.Models["parakeet"] = ParakeetModel;
            options.ConcurrentTranscriptions = 2;
            options.QueueCapacity = 16;
        }).ConfigureAwait(false);
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await app!.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Starts a server with <paramref name="configure"/>'s settings on a free loopback port.</summary>
    internal static async Task<(WebApplication App, Uri Address)> StartAsync(Action<ServerOptions> configure)
    {
        WebApplication server = WarbleServer.Build("http://127.0.0.1:0", configure);
        await server.StartAsync().ConfigureAwait(false);
        return (server, new Uri(server.Urls.First()));
    }
}
