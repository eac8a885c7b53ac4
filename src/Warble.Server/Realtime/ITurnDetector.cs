namespace Warble.Server.Realtime;

/// <summary>
/// Server-side turn detection (<c>turn_detection: server_vad</c>): fed the session's audio as it arrives, it says where
/// speech starts and stops; a stop ends the turn as a commit would. <see cref="SileroTurnDetector"/> is the one in use
/// </summary>
internal interface ITurnDetector
{
    /// <summary>Takes the next mono samples at the session's rate; returns the speech starts and stops found in them.</summary>
    IReadOnlyList<TurnEvent> Process(ReadOnlySpan<float> samples);

    /// <summary>Forgets the audio seen so far (the buffer was committed or cleared).</summary>
    void Reset();
}
