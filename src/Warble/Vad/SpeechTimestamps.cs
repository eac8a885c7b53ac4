namespace Warble.Vad;

/// <summary>
/// Speech regions from per-frame probabilities: the loop of silero-vad's <c>get_speech_timestamps</c> (which
/// faster-whisper's <c>vad.py</c> adapts) with its hysteresis (<see cref="VadOptions.Threshold"/> to enter speech,
/// <see cref="VadOptions.EffectiveNegThreshold"/> to leave it), the split of over-long speech at a remembered silence
/// (<c>possible_ends</c>), the minimum lengths, and the padding that meets halfway between close neighbours.
/// faster-whisper 1.2.1's copy of the loop predates <c>possible_ends</c> (it splits at the last silence seen, without
/// <see cref="VadOptions.UseMaxPossSilAtMaxSpeech"/>); with <see cref="VadOptions.MaxSpeechDurationS"/> infinite, its
/// default, the two give the same regions. The loop itself is <see cref="SpeechTracker"/>, which streams use too.
/// </summary>
internal static class SpeechTimestamps
{
    /// <summary>As <c>get_speech_timestamps</c> after the model has run.</summary>
    /// <param name="probabilities">One per 512-sample frame.</param>
    /// <param name="audioLength">Samples in the audio (without the padding of the last frame).</param>
    /// <param name="options">Validated settings.</param>
    public static List<SpeechRegion> Get(ReadOnlySpan<float> probabilities, int audioLength, VadOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(audioLength);
        var tracker = new SpeechTracker(options);
        foreach (float p in probabilities)
        {
            tracker.Push(p);
        }

        tracker.Finish(audioLength);
        return Pad([.. tracker.Regions], audioLength, tracker.SpeechPad);
    }

    /// <summary>The padded start of a region starting at <paramref name="start"/> after one ending at <paramref name="previousEnd"/> (null: the first).</summary>
    public static int PadStart(int start, int? previousEnd, double pad)
    {
        if (previousEnd is int end && start - end < 2 * pad)
        {
            return (int)Math.Max(0, start - ((start - end) >> 1));
        }

        return (int)Math.Max(0, start - pad);
    }

    /// <summary>The padded end of a region ending at <paramref name="end"/> before one starting at <paramref name="nextStart"/> (null: the last).</summary>
    public static int PadEnd(int end, int? nextStart, int audioLength, double pad)
    {
        if (nextStart is int start && start - end < 2 * pad)
        {
            return end + ((start - end) >> 1); // Python's silence // 2 floors
        }

        return (int)Math.Min(audioLength, end + pad);
    }

    /// <summary>Widens each region by <paramref name="pad"/>, meeting halfway where two are closer than twice that.</summary>
    private static List<SpeechRegion> Pad(List<(int Start, int End)> speeches, int audioLength, double pad)
    {
        var regions = new List<SpeechRegion>(speeches.Count);
        for (int i = 0; i < speeches.Count; i++)
        {
            int? previousEnd = i > 0 ? speeches[i - 1].End : null, nextStart = i < speeches.Count - 1 ? speeches[i + 1].Start : null;
            regions.Add(new SpeechRegion(PadStart(speeches[i].Start, previousEnd, pad), PadEnd(speeches[i].End, nextStart, audioLength, pad)));
        }

        return regions;
    }
}
