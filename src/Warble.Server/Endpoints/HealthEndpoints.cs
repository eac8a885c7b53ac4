using Warble.Server.Hosting;
using Warble.Server.Wire;

namespace Warble.Server.Endpoints;

/// <summary><c>GET /health/live</c> (the process answers) and <c>GET /health/ready</c> (every model is loaded; 503 otherwise).</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder health = app.MapGroup("/health");
        health.MapGet("/live", () => TypedResults.Json(new HealthStatus("ok"), ServerJson.Context.HealthStatus));
        health.MapGet("/ready", (ModelRegistry registry) => TypedResults.Json(new HealthStatus(registry.IsReady ? "ok" : "loading"),
            ServerJson.Context.HealthStatus, statusCode: registry.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable));
    }
}
