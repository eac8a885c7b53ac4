namespace Warble.Vad;

/// <summary>Joins speech regions into chunks of at most a given length, as faster-whisper's <c>collect_chunks</c> and <c>merge_segments</c>.</summary>
internal static class SpeechChunks
{
    /// <summary>
    /// As <c>collect_chunks(audio, chunks, sampling_rate, max_duration)</c>: regions are appended to the current chunk
    /// until one would take it past <paramref name="maxDurationS"/>, which then starts the next chunk. No regions give
    /// one empty chunk. Unlike faster-whisper 1.2.1, the region that starts a new chunk is listed in its
    /// <see cref="SpeechChunk.Segments"/> (faster-whisper leaves it out of every list).
    /// </summary>
    public static List<SpeechChunk> Collect(ReadOnlySpan<float> audio, IReadOnlyList<SpeechRegion> regions, double maxDurationS = double.PositiveInfinity)
    {
        const double rate = SpeechDetector.SampleRate;
        var chunks = new List<SpeechChunk>();
        if (regions.Count == 0)
        {
            chunks.Add(new SpeechChunk([], 0, 0, []));
            return chunks;
        }

        var current = new List<SpeechRegion>();
        long duration = 0, total = 0;
        foreach (SpeechRegion region in regions)
        {
            if (duration + region.Length > maxDurationS * rate && current.Count > 0)
            {
                chunks.Add(Join(audio, current, total / rate, duration / rate));
                total += duration;
                current = [];
                duration = 0;
            }

            current.Add(region);
            duration += region.Length;
        }

        chunks.Add(Join(audio, current, total / rate, duration / rate));
        return chunks;
    }

    /// <summary>
    /// As faster-whisper's <c>merge_segments</c> (its batched pipeline's chunks): consecutive regions are gathered into
    /// one span of the recording, silences between them included, until the next region would end more than
    /// <paramref name="chunkSeconds"/> after the span's start. A region that overlaps a neighbour has the padding
    /// taken off that side first (<paramref name="speechPadMs"/>, as <c>edge_padding</c>).
    /// </summary>
    public static List<SpeechRegion> Merge(IReadOnlyList<SpeechRegion> regions, int speechPadMs, double chunkSeconds)
    {
        var merged = new List<SpeechRegion>();
        if (regions.Count == 0)
        {
            return merged;
        }

        const int rate = SpeechDetector.SampleRate;
        int edgePadding = speechPadMs * rate / 1000;
        double chunkLength = chunkSeconds * rate;
        int currentStart = regions[0].Start, currentEnd = 0, previousEnd = 0;
        for (int i = 0; i < regions.Count; i++)
        {
            // As Python mutates the list in place, a region is compared with its predecessor's adjusted end.
            (int start, int end) = (regions[i].Start, regions[i].End);
            if (i > 0 && start < previousEnd)
            {
                start += edgePadding;
            }

            if (i < regions.Count - 1 && end > regions[i + 1].Start)
            {
                end -= edgePadding;
            }

            if (end - currentStart > chunkLength && currentEnd - currentStart > 0)
            {
                merged.Add(new SpeechRegion(currentStart, currentEnd));
                currentStart = start;
            }

            currentEnd = previousEnd = end;
        }

        merged.Add(new SpeechRegion(currentStart, currentEnd));
        return merged;
    }

    private static SpeechChunk Join(ReadOnlySpan<float> audio, List<SpeechRegion> regions, double offset, double duration)
    {
        var samples = new float[regions.Sum(r => (long)r.Length)];
        int at = 0;
        foreach (SpeechRegion r in regions)
        {
            audio[r.Start..r.End].CopyTo(samples.AsSpan(at));
            at += r.Length;
        }

        return new SpeechChunk(samples, offset, duration, regions);
    }
}
