using Warble.Models.Silero;
using Warble.Vad;

namespace Warble.Transcription;

/// <summary>
/// Speech detection for audio that arrives over time (<see cref="StreamingOptions.Vad"/>): Silero VAD runs over the
/// samples as they come, <see cref="SpeechTracker"/> cuts them exactly as <see cref="SpeechOnlyAudio"/> cuts a whole
/// recording, and each sample is passed on once it is sure to belong to a padded speech region: at once inside open
/// speech, after up to twice the padding at a region's end (where the padding meets the next region's halfway), so
/// the joined speech passed on is the joined speech of the whole recording. <see cref="Map"/> takes times in it back
/// to the recording.
/// </summary>
internal sealed class SpeechGate
{
    private const int Frame = SileroVad.WindowSize;

    private readonly VadSession session = SpeechDetector.Default.CreateSession();
    private readonly SpeechTracker tracker;
    private readonly List<SpeechRegion> passed = [];
    private readonly ReceivedSamples kept = new(16 * Frame);
    private long probed;
    private int next, passedTo;
    private int? length;
    private SpeechTimestampsMap? map;

    public SpeechGate(VadOptions options)
    {
        options.Validate();
        tracker = new SpeechTracker(options);
    }

    /// <summary>The padded speech regions passed on so far (the last may still grow), in samples of the recording.</summary>
    public IReadOnlyList<SpeechRegion> Regions => passed;

    /// <summary>Times in the speech passed on → times in the recording (faster-whisper's <c>SpeechTimestampsMap</c>).</summary>
    public SpeechTimestampsMap? Map => passed.Count == 0 ? null : map ??= new SpeechTimestampsMap(passed);

    /// <summary>Seconds of the recording received.</summary>
    public double Seconds => kept.Count / (double)SpeechDetector.SampleRate;

    /// <summary>Takes the next 16 kHz samples (copied; <see cref="Decide"/> runs the detector over them).</summary>
    public void Buffer(ReadOnlySpan<float> samples) => kept.Append(samples);

    /// <summary>Runs the detector over the samples buffered and passes on the speech now decided, in order, to <paramref name="speech"/>.</summary>
    public void Decide(Action<ReadOnlySpan<float>> speech)
    {
        ProbeReceived();
        Pass(speech);
    }

    /// <summary>The end of the audio: the last frame padded with zeros as faster-whisper pads it, the rest passed on.</summary>
    public void Complete(Action<ReadOnlySpan<float>> speech)
    {
        ProbeReceived();
        Probe(new float[Frame - session.PendingSamples]);
        length = checked((int)kept.Count);
        tracker.Finish(length.Value);
        Pass(speech);
    }

    /// <summary>Runs the detector over the samples received since it last ran.</summary>
    private void ProbeReceived()
    {
        Probe(kept.Slice(probed, kept.Count));
        probed = kept.Count;
    }

    private void Probe(ReadOnlySpan<float> samples)
    {
        foreach (float p in session.Process(samples))
        {
            tracker.Push(p);
        }
    }

    /// <summary>Passes on every decided sample of the regions from <see cref="next"/> on; forgets what no region can take.</summary>
    private void Pass(Action<ReadOnlySpan<float>> speech)
    {
        double pad = tracker.SpeechPad;
        IReadOnlyList<(int Start, int End)> closed = tracker.Regions;
        while (next < closed.Count || (next == closed.Count && tracker.OpenStart is not null))
        {
            int? previousEnd = next > 0 ? closed[next - 1].End : null;
            bool open = next == closed.Count;
            int start = SpeechTimestamps.PadStart(open ? tracker.OpenStart!.Value : closed[next].Start, previousEnd, pad);
            if (open && !tracker.OpenIsKept)
            {
                break;
            }

            int? end = open ? null : DecidedEnd(closed, pad);
            PassTo(next, start, end ?? (open ? tracker.SureEnd : closed[next].End), speech);
            if (end is null)
            {
                break;
            }

            next++;
        }

        // No later region starts before the padding ahead of the frames seen (nor before what was passed on).
        long forget = next == closed.Count && tracker.OpenStart is null ? Math.Max(passedTo, (long)(tracker.Position - pad) - 1) : passedTo;
        kept.Forget(forget);
    }

    /// <summary>The padded end of closed region <see cref="next"/>, once the next region's start or the audio's end settles it.</summary>
    private int? DecidedEnd(IReadOnlyList<(int Start, int End)> closed, double pad)
    {
        int end = closed[next].End;
        int? nextStart = next + 1 < closed.Count ? closed[next + 1].Start : null;
        if (nextStart is null && tracker.OpenStart is int open)
        {
            // A region in progress may still be dropped as too short: it settles the padding only once it is sure to
            // be kept, or when it is too far away to meet this region's padding anyway.
            if (!tracker.OpenIsKept && open - end < 2 * pad)
            {
                return null;
            }

            nextStart = open;
        }

        if (nextStart is not null || length is not null)
        {
            return SpeechTimestamps.PadEnd(end, nextStart, length ?? int.MaxValue, pad);
        }

        // Any later region starts after the frames seen: at least twice the padding away, the padding is whole.
        return tracker.Position - end >= 2 * pad && end + pad <= kept.Count ? SpeechTimestamps.PadEnd(end, null, int.MaxValue, pad) : null;
    }

    /// <summary>Passes on samples [max(start, passed), end) of region <paramref name="region"/>, as far as they have arrived.</summary>
    private void PassTo(int region, int start, int end, Action<ReadOnlySpan<float>> speech)
    {
        if (region == passed.Count)
        {
            passed.Add(new SpeechRegion(start, start));
            passedTo = start;
        }

        int to = (int)Math.Min(end, kept.Count);
        if (to > passedTo)
        {
            speech(kept.Slice(passedTo, to));
            passedTo = to;
            passed[region] = passed[region] with { End = to };
            map = null;
        }
    }
}
