using Warble.Server.Hosting;

namespace Warble.Server.Endpoints;

/// <summary>Any other /v1 path gets OpenAI's 404 for an invalid URL, in its error shape.</summary>
internal static class UnknownRouteEndpoint
{
    public static void MapUnknownRoutes(this IEndpointRouteBuilder app) => app.MapFallback("/v1/{**path}", (HttpContext context) =>
    {
        throw new ApiException(StatusCodes.Status404NotFound, $"Invalid URL ({context.Request.Method} {context.Request.Path})");
    });
}
