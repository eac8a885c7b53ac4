namespace Warble.Server.Realtime;

/// <summary>
/// A session's <c>turn_detection</c> of type <c>server_vad</c>, with OpenAI's fields and defaults: the speech
/// threshold in [0, 1], the audio kept before speech (reported in <c>audio_start_ms</c>), and the silence that ends a turn.
/// </summary>
internal sealed record TurnDetection(double Threshold = 0.5, int PrefixPaddingMs = 300, int SilenceDurationMs = 500)
{
    public ITurnDetector CreateDetector(int sampleRate) => new SileroTurnDetector(this, sampleRate);
}
