namespace Warble.Server.Wire;

/// <summary>The session's <c>input_audio_transcription</c>: which served model, and the language if one was given.</summary>
internal sealed record RealtimeTranscriptionInfo(string Model, string? Language);
