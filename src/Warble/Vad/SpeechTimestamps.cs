namespace Warble.Vad;

/// <summary>
/// Speech regions from per-frame probabilities: the loop of silero-vad's <c>get_speech_timestamps</c> (which
/// faster-whisper's <c>vad.py</c> adapts) with its hysteresis (<see cref="VadOptions.Threshold"/> to enter speech,
/// <see cref="VadOptions.EffectiveNegThreshold"/> to leave it), the split of over-long speech at a remembered silence
/// (<c>possible_ends</c>), the minimum lengths, and the padding that meets halfway between close neighbours.
/// faster-whisper 1.2.1's copy of the loop predates <c>possible_ends</c> (it splits at the last silence seen, without
/// <see cref="VadOptions.UseMaxPossSilAtMaxSpeech"/>); with <see cref="VadOptions.MaxSpeechDurationS"/> infinite, its
/// default, the two give the same regions.
/// </summary>
internal static class SpeechTimestamps
{
    private const int Window = 512;

    /// <summary>As <c>get_speech_timestamps</c> after the model has run.</summary>
    /// <param name="probabilities">One per 512-sample frame.</param>
    /// <param name="audioLength">Samples in the audio (without the padding of the last frame).</param>
    /// <param name="options">Validated settings.</param>
    public static List<SpeechRegion> Get(ReadOnlySpan<float> probabilities, int audioLength, VadOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(audioLength);
        var limits = new Limits(options);
        List<(int Start, int End)> speeches = Find(probabilities, audioLength, limits);
        return Pad(speeches, audioLength, limits.SpeechPad);
    }

    /// <summary>The frame loop: unpadded regions in samples.</summary>
    private static List<(int Start, int End)> Find(ReadOnlySpan<float> probabilities, int audioLength, Limits l)
    {
        var speeches = new List<(int Start, int End)>();
        var possibleEnds = new List<(int End, int Silence)>();
        bool triggered = false;
        int? start = null;
        int tempEnd = 0, prevEnd = 0, nextStart = 0;
        for (int i = 0; i < probabilities.Length; i++)
        {
            double p = probabilities[i];
            int at = Window * i;
            if (p >= l.Threshold && tempEnd != 0)
            {
                int silence = at - tempEnd;
                if (silence > l.MinSilenceAtMaxSpeech)
                {
                    possibleEnds.Add((tempEnd, silence));
                }

                tempEnd = 0;
                if (nextStart < prevEnd)
                {
                    nextStart = at;
                }
            }

            if (p >= l.Threshold && !triggered)
            {
                triggered = true;
                start = at;
                continue;
            }

            if (triggered && at - start!.Value > l.MaxSpeech)
            {
                if (possibleEnds.Count > 0)
                {
                    (prevEnd, int silence) = l.UseLongestSilence ? Longest(possibleEnds) : possibleEnds[^1];
                    speeches.Add((start.Value, prevEnd));
                    start = null;
                    nextStart = prevEnd + silence;
                    if (nextStart < prevEnd + at)
                    {
                        start = nextStart;
                    }
                    else
                    {
                        triggered = false;
                    }

                    int cut = nextStart;
                    possibleEnds.RemoveAll(e => e.End <= cut);
                    prevEnd = nextStart = tempEnd = 0;
                }
                else
                {
                    speeches.Add((start.Value, at));
                    start = null;
                    prevEnd = nextStart = tempEnd = 0;
                    triggered = false;
                    possibleEnds.Clear();
                    continue;
                }
            }

            if (p < l.NegThreshold && triggered)
            {
                if (tempEnd == 0)
                {
                    tempEnd = at;
                }

                if (at - tempEnd < l.MinSilence)
                {
                    continue;
                }

                if (tempEnd - start!.Value > l.MinSpeech)
                {
                    speeches.Add((start.Value, tempEnd));
                }

                start = null;
                prevEnd = nextStart = tempEnd = 0;
                triggered = false;
                possibleEnds.Clear();
            }
        }

        if (start is int open && audioLength - open > l.MinSpeech)
        {
            speeches.Add((open, audioLength));
        }

        return speeches;
    }

    /// <summary>Widens each region by <paramref name="pad"/>, meeting halfway where two are closer than twice that.</summary>
    private static List<SpeechRegion> Pad(List<(int Start, int End)> speeches, int audioLength, double pad)
    {
        var regions = new List<SpeechRegion>(speeches.Count);
        for (int i = 0; i < speeches.Count; i++)
        {
            var (start, end) = speeches[i];
            if (i == 0)
            {
                start = (int)Math.Max(0, start - pad);
            }

            if (i != speeches.Count - 1)
            {
                int nextStart = speeches[i + 1].Start, silence = nextStart - end;
                if (silence < 2 * pad)
                {
                    end += silence >> 1; // Python's silence // 2 floors
                    nextStart = (int)Math.Max(0, nextStart - (silence >> 1));
                }
                else
                {
                    end = (int)Math.Min(audioLength, end + pad);
                    nextStart = (int)Math.Max(0, nextStart - pad);
                }

                speeches[i + 1] = (nextStart, speeches[i + 1].End);
            }
            else
            {
                end = (int)Math.Min(audioLength, end + pad);
            }

            regions.Add(new SpeechRegion(start, end));
        }

        return regions;
    }

    /// <summary>The first longest silence, as Python's <c>max(possible_ends, key=duration)</c>.</summary>
    private static (int End, int Silence) Longest(List<(int End, int Silence)> possibleEnds)
    {
        (int End, int Silence) best = possibleEnds[0];
        foreach (var e in possibleEnds)
        {
            if (e.Silence > best.Silence)
            {
                best = e;
            }
        }

        return best;
    }

    /// <summary>The options in samples, as <c>get_speech_timestamps</c> computes them (floats where Python has floats).</summary>
    private readonly struct Limits(VadOptions o)
    {
        private const double Rate = SpeechDetector.SampleRate;

        public double Threshold { get; } = o.Threshold;

        public double NegThreshold { get; } = o.EffectiveNegThreshold;

        public double MinSpeech { get; } = Rate * o.MinSpeechDurationMs / 1000;

        public double SpeechPad { get; } = Rate * o.SpeechPadMs / 1000;

        public double MaxSpeech { get; } = (Rate * o.MaxSpeechDurationS) - Window - (2 * (Rate * o.SpeechPadMs / 1000));

        public double MinSilence { get; } = Rate * o.MinSilenceDurationMs / 1000;

        public double MinSilenceAtMaxSpeech { get; } = Rate * o.MinSilenceAtMaxSpeech / 1000;

        public bool UseLongestSilence { get; } = o.UseMaxPossSilAtMaxSpeech;
    }
}
