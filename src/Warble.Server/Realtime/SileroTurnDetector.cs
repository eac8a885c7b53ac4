namespace Warble.Server.Realtime;

/// <summary>
/// <c>server_vad</c> on Warble's Silero VAD (<see cref="VoiceActivityStream"/>, the detector behind <c>--vad</c>): a 32 ms
/// frame is speech when its probability reaches OpenAI's <c>threshold</c>; speech starts at the first such frame (reported
/// <c>prefix_padding_ms</c> earlier, the audio OpenAI keeps before it) and stops once <c>silence_duration_ms</c> of frames
/// below the threshold follow, at the end of the last speech frame.
/// </summary>
internal sealed class SileroTurnDetector(TurnDetection settings, int sampleRate) : ITurnDetector
{
    private readonly VoiceActivityStream stream = new(sampleRate);
    private readonly int frameMs = (int)Math.Round(VoiceActivityStream.FrameSeconds * 1000);
    private long frames;
    private bool speaking;
    private int quietFrames;

    public IReadOnlyList<TurnEvent> Process(ReadOnlySpan<float> samples)
    {
        var events = new List<TurnEvent>();
        foreach (float probability in stream.Append(samples))
        {
            frames++;
            int nowMs = (int)(frames * frameMs);
            bool speech = probability >= settings.Threshold;
            if (speech && !speaking)
            {
                (speaking, quietFrames) = (true, 0);
                events.Add(new TurnEvent(true, Math.Max(0, nowMs - frameMs - settings.PrefixPaddingMs)));
            }
            else if (speaking)
            {
                quietFrames = speech ? 0 : quietFrames + 1;
                if (quietFrames * frameMs >= settings.SilenceDurationMs)
                {
                    speaking = false;
                    events.Add(new TurnEvent(false, nowMs - (quietFrames * frameMs)));
                }
            }
        }

        return events;
    }

    public void Reset()
    {
        stream.Reset();
        (frames, speaking, quietFrames) = (0, false, 0);
    }
}
