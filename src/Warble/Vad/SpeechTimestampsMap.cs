namespace Warble.Vad;

/// <summary>
/// Maps a time in the joined speech back to the original audio, as faster-whisper's <c>SpeechTimestampsMap</c>: each
/// region adds the silence cut before it.
/// </summary>
internal sealed class SpeechTimestampsMap
{
    private readonly int[] chunkEndSample;
    private readonly double[] totalSilenceBefore;
    private readonly int timePrecision;

    /// <param name="regions">The regions that were joined, in order.</param>
    /// <param name="timePrecision">Decimals kept in mapped times (faster-whisper's 2).</param>
    public SpeechTimestampsMap(IReadOnlyList<SpeechRegion> regions, int timePrecision = 2)
    {
        this.timePrecision = timePrecision;
        chunkEndSample = new int[regions.Count];
        totalSilenceBefore = new double[regions.Count];
        int previousEnd = 0, silent = 0;
        for (int i = 0; i < regions.Count; i++)
        {
            silent += regions[i].Start - previousEnd;
            previousEnd = regions[i].End;
            chunkEndSample[i] = regions[i].End - silent;
            totalSilenceBefore[i] = silent / (double)SpeechDetector.SampleRate;
        }
    }

    /// <summary>As <c>get_original_time</c>: <paramref name="time"/> in the joined speech → seconds in the original audio.</summary>
    /// <param name="chunkIndex">The region the time belongs to; null finds it.</param>
    /// <param name="isEnd">The time ends something, so a time exactly at a region's end stays in that region.</param>
    public double GetOriginalTime(double time, int? chunkIndex = null, bool isEnd = false)
    {
        int index = chunkIndex ?? GetChunkIndex(time, isEnd);
        return Math.Round(totalSilenceBefore[index] + time, timePrecision, MidpointRounding.ToEven);
    }

    /// <summary>As <c>get_chunk_index</c>: the region holding <paramref name="time"/> (seconds in the joined speech).</summary>
    public int GetChunkIndex(double time, bool isEnd = false)
    {
        if (chunkEndSample.Length == 0)
        {
            throw new InvalidOperationException("no speech regions to map into");
        }

        int sample = (int)(time * SpeechDetector.SampleRate);
        int exact = Array.IndexOf(chunkEndSample, sample);
        if (isEnd && exact >= 0)
        {
            return exact;
        }

        return Math.Min(UpperBound(sample), chunkEndSample.Length - 1);
    }

    /// <summary>Python's <c>bisect.bisect</c> (bisect_right): the first index whose value is greater than <paramref name="sample"/>.</summary>
    private int UpperBound(int sample)
    {
        int lo = 0, hi = chunkEndSample.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (chunkEndSample[mid] <= sample)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
