using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Warble.Server.Hosting;

/// <summary>
/// Optional API keys: from <see cref="ServerOptions.ApiKeyFile"/> (one per line, # comments) and the comma-separated
/// WARBLE_API_KEYS environment variable. With none, the server is open (it binds to loopback unless told otherwise).
/// With some, every /v1 request needs <c>Authorization: Bearer KEY</c> (a browser's WebSocket may send it as the
/// <c>openai-insecure-api-key.KEY</c> subprotocol, as OpenAI's Realtime API allows); others get OpenAI's 401.
/// </summary>
internal sealed class ApiKeys
{
    public const string EnvironmentVariable = "WARBLE_API_KEYS";
    private const string SubprotocolPrefix = "openai-insecure-api-key.";

    private readonly byte[][] keys;

    public ApiKeys(IOptions<ServerOptions> options)
    {
        IEnumerable<string> fromFile = options.Value.ApiKeyFile is { } file ? File.ReadAllLines(file) : [];
        IEnumerable<string> fromEnvironment = (Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "").Split(',');
        keys = [.. fromFile.Concat(fromEnvironment).Select(k => k.Trim()).Where(k => k.Length > 0 && !k.StartsWith('#')).Distinct()
            .Select(Encoding.UTF8.GetBytes)];
    }

    public bool Required => keys.Length > 0;

    /// <summary>Checks /v1 requests' keys when keys are set.</summary>
    public static IApplicationBuilder UseApiKeys(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        ApiKeys apiKeys = context.RequestServices.GetRequiredService<ApiKeys>();
        if (apiKeys.Required && context.Request.Path.StartsWithSegments("/v1") && !apiKeys.Accepts(context.Request))
        {
            await ErrorResponses.WriteAsync(context, new ApiException(StatusCodes.Status401Unauthorized,
                "Incorrect API key provided. Pass one of this server's keys as 'Authorization: Bearer KEY'.", code: "invalid_api_key")).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    });

    private bool Accepts(HttpRequest request)
    {
        string? given = request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Headers.SecWebSocketProtocol.SelectMany(p => (p ?? "").Split(',')).Select(p => p.Trim())
                .FirstOrDefault(p => p.StartsWith(SubprotocolPrefix, StringComparison.Ordinal))?[SubprotocolPrefix.Length..];
        if (string.IsNullOrEmpty(given))
        {
            return false;
        }

        byte[] candidate = Encoding.UTF8.GetBytes(given);
        return keys.Any(key => CryptographicOperations.FixedTimeEquals(key, candidate));
    }
}
