using Microsoft.Extensions.Options;
using Warble.Server.Hosting;
using Warble.Server.Realtime;

namespace Warble.Server.Endpoints;

/// <summary>
/// <c>GET /v1/realtime?intent=transcription[&amp;model=NAME]</c>: OpenAI's Realtime transcription session over a
/// WebSocket (<see cref="RealtimeSession"/>). A browser may offer the "realtime" subprotocol, which is then accepted.
/// </summary>
internal static class RealtimeEndpoint
{
    public static void MapRealtimeEndpoint(this IEndpointRouteBuilder app) => app.MapGet("/v1/realtime", async (HttpContext context, ModelRegistry registry,
        IOptions<ServerOptions> options, IHostApplicationLifetime lifetime) =>
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            throw ApiException.BadRequest("/v1/realtime is a WebSocket endpoint: connect with a WebSocket upgrade");
        }

        if (context.Request.Query["intent"] != "transcription")
        {
            throw ApiException.BadRequest("only transcription sessions are served: connect to /v1/realtime?intent=transcription", "intent");
        }

        string? model = context.Request.Query["model"];
        registry.Get(model);
        string? subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains("realtime") ? "realtime" : null;
        using System.Net.WebSockets.WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol).ConfigureAwait(false);
        await new RealtimeSession(socket, registry, options.Value, model, lifetime.ApplicationStopping).RunAsync(context.RequestAborted).ConfigureAwait(false);
    });
}
