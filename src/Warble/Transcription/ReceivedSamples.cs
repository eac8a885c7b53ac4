namespace Warble.Transcription;

/// <summary>
/// The samples of a recording that arrives in pieces, from the first one still needed to the last received, in one
/// buffer that grows as pieces come and is compacted as the earlier samples are forgotten. Positions count samples
/// from the start of the recording.
/// </summary>
internal sealed class ReceivedSamples(int capacity)
{
    private float[] buffer = new float[capacity];
    private long start;

    /// <summary>Samples received since the start of the recording.</summary>
    public long Count { get; private set; }

    /// <summary>Copies the next samples in.</summary>
    public void Append(ReadOnlySpan<float> samples)
    {
        int offset = checked((int)(Count - start));
        if (buffer.Length < offset + samples.Length)
        {
            Array.Resize(ref buffer, Math.Max(offset + samples.Length, buffer.Length * 2));
        }

        samples.CopyTo(buffer.AsSpan(offset));
        Count += samples.Length;
    }

    /// <summary>Samples [<paramref name="from"/>, <paramref name="to"/>) of the recording: received and not forgotten.</summary>
    public ReadOnlySpan<float> Slice(long from, long to) =>
        buffer.AsSpan(checked((int)(from - start)), checked((int)(to - from)));

    /// <summary>Drops the samples before <paramref name="sample"/>: nothing will read them again.</summary>
    public void Forget(long sample)
    {
        int drop = (int)Math.Min(sample - start, Count - start);
        if (drop <= 0)
        {
            return;
        }

        buffer.AsSpan(drop, (int)(Count - start) - drop).CopyTo(buffer);
        start += drop;
    }
}
