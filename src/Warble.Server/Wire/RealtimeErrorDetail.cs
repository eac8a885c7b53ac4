namespace Warble.Server.Wire;

/// <summary>The <c>error</c> of a Realtime <c>error</c> event: type, code, message, and the client event it answers.</summary>
internal sealed record RealtimeErrorDetail(string Type, string? Code, string Message, string? Param, string? EventId);
