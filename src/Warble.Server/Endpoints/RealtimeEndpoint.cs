using Microsoft.Extensions.Options;
using Warble.Server.Hosting;
using Warble.Server.Realtime;

namespace Warble.Server.Endpoints;

/// <summary>
/// <c>GET /v1/realtime?intent=transcription[&amp;model=NAME]</c>: OpenAI's Realtime transcription session over a
/// WebSocket (<see cref="RealtimeSession"/>). A browser may offer the "realtime" subprotocol, which is then accepted.
/// Sessions beyond <see cref="ServerOptions.MaxRealtimeSessions"/> get 429 before the upgrade.
/// </summary>
internal static class RealtimeEndpoint
{
    public static void MapRealtimeEndpoint(this IEndpointRouteBuilder app) => app.MapGet("/v1/realtime", async (HttpContext context, ModelRegistry registry,
        IOptions<ServerOptions> options, IHostApplicationLifetime lifetime, RealtimeAdmission admission) =>
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
        if (!admission.TryEnter())
        {
            throw new ApiException(StatusCodes.Status429TooManyRequests, "the server has as many realtime sessions open as it allows; retry shortly",
                "requests", code: "rate_limit_exceeded") { RetryAfterSeconds = 1 };
        }

        try
        {
            string? subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains("realtime") ? "realtime" : null;
            using System.Net.WebSockets.WebSocket socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol).ConfigureAwait(false);
            await new RealtimeSession(socket, registry, options.Value, model, lifetime.ApplicationStopping).RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            admission.Leave();
        }
    });
}
