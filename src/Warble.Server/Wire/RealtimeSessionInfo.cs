namespace Warble.Server.Wire;

/// <summary>
/// The transcription session as <c>session.created</c> / <c>session.updated</c> report it (OpenAI's beta
/// transcription-session fields, plus the input sample rate). Turns are committed by the client: turn_detection is
/// always null until Warble has a voice activity detector.
/// </summary>
internal sealed record RealtimeSessionInfo(string Id, string InputAudioFormat, int InputAudioSampleRate,
    RealtimeTranscriptionInfo InputAudioTranscription)
{
    public string Object => "realtime.transcription_session";

    public string? TurnDetection => null;
}
