using System.Reflection;

namespace Warble.Server.Endpoints;

/// <summary>The web page at <c>/</c>: its HTML, script and style sheet are embedded in the assembly (no build step, no CDN).</summary>
internal static class WebPageEndpoints
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["style.css"] = "text/css; charset=utf-8",
    };

    public static void MapWebPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Page("index.html"));
        app.MapGet("/{file}", (string file) => Page(file));
    }

    private static IResult Page(string file) =>
        ContentTypes.TryGetValue(file, out string? type) && Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + file) is { } stream
            ? TypedResults.Stream(stream, type)
            : TypedResults.NotFound();
}
