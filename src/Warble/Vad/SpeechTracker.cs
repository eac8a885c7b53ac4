namespace Warble.Vad;

/// <summary>
/// The frame loop of silero-vad's <c>get_speech_timestamps</c> (see <see cref="SpeechTimestamps"/>) run one probability
/// at a time, so that audio arriving over time is cut exactly as a whole file is: <see cref="Regions"/> lists the
/// unpadded regions the loop has closed, and while one is open <see cref="OpenStart"/> and <see cref="SureEnd"/> say
/// which of its samples it is sure to keep whatever comes next.
/// </summary>
internal sealed class SpeechTracker(VadOptions options)
{
    private const int Window = 512;

    private readonly Limits l = new(options);
    private readonly List<(int Start, int End)> speeches = [];
    private readonly List<(int End, int Silence)> possibleEnds = [];
    private bool triggered;
    private int? start;
    private int tempEnd, prevEnd, nextStart, frames;

    /// <summary>Samples of padding on each side of a region.</summary>
    public double SpeechPad => l.SpeechPad;

    /// <summary>The regions closed so far, unpadded, in samples.</summary>
    public IReadOnlyList<(int Start, int End)> Regions => speeches;

    /// <summary>The start of the region in progress, if one is.</summary>
    public int? OpenStart => start;

    /// <summary>Samples whose probability has been pushed.</summary>
    public int Position => frames * Window;

    /// <summary>
    /// How far the open region is sure to reach: it ends at the silence that began (<c>temp_end</c>) or later, unless a
    /// split at the longest speech goes back to a silence already seen (only with a finite longest speech).
    /// </summary>
    public int SureEnd
    {
        get
        {
            int end = tempEnd != 0 ? tempEnd : Position;
            if (!double.IsPositiveInfinity(l.MaxSpeech))
            {
                foreach ((int possible, _) in possibleEnds)
                {
                    end = Math.Min(end, possible);
                }
            }

            return end;
        }
    }

    /// <summary>Whether the open region is sure to be kept (longer than the shortest speech once it reaches <see cref="SureEnd"/>).</summary>
    public bool OpenIsKept => start is int open && SureEnd - open > l.MinSpeech;

    /// <summary>One frame's speech probability: the body of the loop.</summary>
    public void Push(float probability)
    {
        double p = probability;
        int at = Window * frames++;
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
            return;
        }

        if (triggered && at - start!.Value > l.MaxSpeech && SplitLongSpeech(at))
        {
            return;
        }

        if (p < l.NegThreshold && triggered)
        {
            if (tempEnd == 0)
            {
                tempEnd = at;
            }

            if (at - tempEnd < l.MinSilence)
            {
                return;
            }

            if (tempEnd - start!.Value > l.MinSpeech)
            {
                speeches.Add((start.Value, tempEnd));
            }

            Close();
        }
    }

    /// <summary>The end of the audio: an open region runs to its last sample if it is long enough.</summary>
    public void Finish(int audioLength)
    {
        if (start is int open && audioLength - open > l.MinSpeech)
        {
            speeches.Add((open, audioLength));
        }

        Close();
    }

    /// <summary>Speech over the longest length: split at a remembered silence (true: the frame is done), else cut here.</summary>
    private bool SplitLongSpeech(int at)
    {
        if (possibleEnds.Count > 0)
        {
            (prevEnd, int silence) = l.UseLongestSilence ? Longest(possibleEnds) : possibleEnds[^1];
            speeches.Add((start!.Value, prevEnd));
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
            return false;
        }

        speeches.Add((start!.Value, at));
        Close();
        return true;
    }

    private void Close()
    {
        start = null;
        prevEnd = nextStart = tempEnd = 0;
        triggered = false;
        possibleEnds.Clear();
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
