namespace Warble.Server.Wire;

/// <summary>The session's <c>turn_detection</c> as OpenAI reports it (type <c>server_vad</c>).</summary>
internal sealed record RealtimeTurnDetectionInfo(string Type, double Threshold, int PrefixPaddingMs, int SilenceDurationMs);
