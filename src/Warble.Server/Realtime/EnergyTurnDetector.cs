namespace Warble.Server.Realtime;

/// <summary>
/// A stand-in voice activity detector: 20 ms frames are speech when their level is above a threshold in dBFS, mapped
/// from OpenAI's <c>threshold</c> (0 → -70 dBFS, 0.5 → -45 dBFS, 1 → -20 dBFS). Speech starts at the first loud frame
/// and stops after <c>silence_duration_ms</c> of quiet frames. It cannot tell speech from other sound; Warble's
/// Silero VAD will replace it behind <see cref="ITurnDetector"/>.
/// </summary>
internal sealed class EnergyTurnDetector(TurnDetection settings, int sampleRate) : ITurnDetector
{
    private readonly int frameLength = sampleRate / 50;
    private readonly double thresholdDb = -70 + (50 * settings.Threshold);
    private double frameEnergy;
    private int frameFill;
    private long frames;
    private bool speaking;
    private int quietFrames;

    public IReadOnlyList<TurnEvent> Process(ReadOnlySpan<float> samples)
    {
        var events = new List<TurnEvent>();
        foreach (float sample in samples)
        {
            frameEnergy += sample * (double)sample;
            if (++frameFill == frameLength)
            {
                EndFrame(events);
            }
        }

        return events;
    }

    public void Reset() => (frameEnergy, frameFill, frames, speaking, quietFrames) = (0, 0, 0, false, 0);

    private void EndFrame(List<TurnEvent> events)
    {
        bool loud = 10 * Math.Log10((frameEnergy / frameLength) + 1e-12) > thresholdDb;
        (frameEnergy, frameFill) = (0, 0);
        frames++;
        int nowMs = (int)(frames * 20);
        if (loud && !speaking)
        {
            (speaking, quietFrames) = (true, 0);
            events.Add(new TurnEvent(true, Math.Max(0, nowMs - 20 - settings.PrefixPaddingMs)));
        }
        else if (speaking)
        {
            quietFrames = loud ? 0 : quietFrames + 1;
            if (quietFrames * 20 >= settings.SilenceDurationMs)
            {
                speaking = false;
                events.Add(new TurnEvent(false, nowMs - settings.SilenceDurationMs));
            }
        }
    }
}
