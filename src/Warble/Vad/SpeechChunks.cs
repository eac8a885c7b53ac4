namespace Warble.Vad;

/// <summary>Joins speech regions into chunks of at most a given length, as faster-whisper's <c>collect_chunks</c>.</summary>
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
