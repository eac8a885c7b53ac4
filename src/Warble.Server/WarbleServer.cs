using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Warble.Server.Endpoints;
using Warble.Server.Hosting;
using Warble.Server.Realtime;
using Warble.Server.Transcriptions;

namespace Warble.Server;

/// <summary>
/// Builds the Warble server: OpenAI's audio API, the realtime WebSocket, health, Prometheus metrics and the web page,
/// on Kestrel at <c>url</c> (loopback unless told otherwise). <c>warble serve</c> and the tests both start it here.
/// </summary>
internal static class WarbleServer
{
    /// <param name="url">Where to listen, e.g. http://127.0.0.1:8000 (port 0 picks a free one).</param>
    /// <param name="configure">Settings applied over the config file's "Warble" section.</param>
    /// <param name="configFile">An optional JSON settings file.</param>
    public static WebApplication Build(string url, Action<ServerOptions> configure, string? configFile = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.WebHost.UseUrls(url);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        AddServices(builder.Services, builder.Configuration, configure);
        WebApplication app = BuildChecked(builder);
        app.Services.GetRequiredService<ServerMetrics>(); // its gauges report from the first scrape on
        app.UseOpenAiErrors();
        ApiKeys.UseApiKeys(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.MapTranscriptionEndpoints();
        app.MapModelsEndpoints();
        app.MapRealtimeEndpoint();
        app.MapHealthEndpoints();
        app.MapWebPage();
        app.MapUnknownRoutes();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    /// <summary>Builds the app; settings that fail <see cref="ServerOptionsValidator"/> throw one <see cref="ArgumentException"/> naming them all.</summary>
    private static WebApplication BuildChecked(WebApplicationBuilder builder)
    {
        try
        {
            return builder.Build();
        }
        catch (OptionsValidationException e)
        {
            throw new ArgumentException("invalid server settings: " + string.Join("; ", e.Failures), e);
        }
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, Action<ServerOptions> configure)
    {
        services.AddOptions<ServerOptions>().Bind(configuration.GetSection(ServerOptions.Section)).Configure(configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerOptions>>((kestrel, o) =>
        {
            kestrel.Limits.MaxRequestBodySize = o.Value.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        services.AddOptions<FormOptions>().Configure<IOptions<ServerOptions>>((form, o) =>
        {
            form.MultipartBodyLengthLimit = o.Value.MaxRequestBodyBytes;
            form.ValueCountLimit = 64;
            form.ValueLengthLimit = 256 * 1024;
            form.MultipartHeadersCountLimit = 16;
        });
        services.AddOptions<HostOptions>().Configure<IOptions<ServerOptions>>((host, o) => host.ShutdownTimeout = o.Value.ShutdownGrace);
        services.AddSingleton<ModelRegistry>();
        services.AddHostedService(provider => provider.GetRequiredService<ModelRegistry>());
        services.AddSingleton<ServerMetrics>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<TranscriptionService>();
        services.AddSingleton<RealtimeAdmission>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ServerMetrics.MeterName, "System.Runtime")
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }
}
