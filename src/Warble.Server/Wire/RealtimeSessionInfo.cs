namespace Warble.Server.Wire;

/// <summary>
/// The transcription session as <c>session.created</c> / <c>session.updated</c> report it (OpenAI's beta
/// transcription-session fields, plus the input sample rate); <c>turn_detection</c> is null when the client commits.
/// </summary>
internal sealed record RealtimeSessionInfo(string Id, string InputAudioFormat, int InputAudioSampleRate,
    RealtimeTranscriptionInfo InputAudioTranscription, RealtimeTurnDetectionInfo? TurnDetection)
{
    public string Object => "realtime.transcription_session";
}
