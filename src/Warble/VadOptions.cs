namespace Warble;

/// <summary>
/// Speech detection (Silero VAD) settings, named and defaulted as faster-whisper's <c>VadOptions</c>; the two
/// <c>*AtMaxSpeech</c> settings are silero-vad's <c>get_speech_timestamps</c> arguments. Times are in the units
/// their names say.
/// </summary>
public sealed record VadOptions
{
    /// <summary>A frame whose speech probability is at or above this is speech.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Inside speech, a frame below this is silence; null means max(<see cref="Threshold"/> − 0.15, 0.01).</summary>
    public double? NegThreshold { get; init; }

    /// <summary>Speech regions this short or shorter are dropped.</summary>
    public int MinSpeechDurationMs { get; init; }

    /// <summary>Longer speech is split at its longest (or last) silence over <see cref="MinSilenceAtMaxSpeech"/>, else cut.</summary>
    public double MaxSpeechDurationS { get; init; } = double.PositiveInfinity;

    /// <summary>Silence that ends a speech region must last this long.</summary>
    public int MinSilenceDurationMs { get; init; } = 2000;

    /// <summary>Each region is widened by this much on both sides (half the gap where neighbours are closer).</summary>
    public int SpeechPadMs { get; init; } = 400;

    /// <summary>Milliseconds of silence a split at <see cref="MaxSpeechDurationS"/> may use.</summary>
    public int MinSilenceAtMaxSpeech { get; init; } = 98;

    /// <summary>Split over-long speech at its longest silence (true) or its last one (false).</summary>
    public bool UseMaxPossSilAtMaxSpeech { get; init; } = true;

    /// <summary>The silence threshold in effect: <see cref="NegThreshold"/> or its default.</summary>
    internal double EffectiveNegThreshold => NegThreshold ?? Math.Max(Threshold - 0.15, 0.01);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting outside its range.</summary>
    public void Validate()
    {
        CheckProbability(Threshold, nameof(Threshold));
        if (NegThreshold is double negative)
        {
            CheckProbability(negative, nameof(NegThreshold));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MinSpeechDurationMs, nameof(MinSpeechDurationMs));
        ArgumentOutOfRangeException.ThrowIfNegative(MinSilenceDurationMs, nameof(MinSilenceDurationMs));
        ArgumentOutOfRangeException.ThrowIfNegative(SpeechPadMs, nameof(SpeechPadMs));
        ArgumentOutOfRangeException.ThrowIfNegative(MinSilenceAtMaxSpeech, nameof(MinSilenceAtMaxSpeech));
        if (double.IsNaN(MaxSpeechDurationS) || MaxSpeechDurationS <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSpeechDurationS), MaxSpeechDurationS, "must be positive (infinity for no limit)");
        }
    }

    private static void CheckProbability(double value, string name)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentOutOfRangeException(name, value, "must be a probability from 0 to 1");
        }
    }
}
