namespace Warble.Server.Realtime;

/// <summary>A client event the session cannot act on; answered with an <c>error</c> event, and the session goes on.</summary>
internal sealed class RealtimeClientError(string code, string message, string? param = null) : Exception(message)
{
    public string Code { get; } = code;

    public string? Param { get; } = param;
}
