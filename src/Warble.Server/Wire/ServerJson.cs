using System.Text.Encodings.Web;
using System.Text.Json;

namespace Warble.Server.Wire;

/// <summary>
/// The wire's JSON: <see cref="ServerJsonContext"/> with text written as OpenAI writes it ("don't", not
/// "don\u0027t"). Every answer is <c>application/json</c> or an event stream, never HTML, so no escaping for HTML is needed.
/// </summary>
internal static class ServerJson
{
    public static ServerJsonContext Context { get; } = new(new JsonSerializerOptions(ServerJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
