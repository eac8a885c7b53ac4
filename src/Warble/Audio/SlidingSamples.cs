namespace Warble.Audio;

/// <summary>
/// The recent stretch of a sample stream, addressed by absolute sample index: appended at the end as audio arrives,
/// dropped from the front once no later frame reaches back to it.
/// </summary>
internal sealed class SlidingSamples<T>
{
    private T[] buffer = new T[1 << 16];
    private long start;
    private int count;

    /// <summary>The sample at absolute <paramref name="index"/>, which must still be held.</summary>
    public T this[long index] => buffer[index - start];

    /// <summary>Room for <paramref name="length"/> more samples, to be filled and then <see cref="Commit"/>ted.</summary>
    public Span<T> Reserve(int length)
    {
        if (buffer.Length < count + length)
        {
            Array.Resize(ref buffer, Math.Max(count + length, buffer.Length * 2));
        }

        return buffer.AsSpan(count, length);
    }

    /// <summary>Takes the <paramref name="length"/> samples written into <see cref="Reserve"/>.</summary>
    public void Commit(int length) => count += length;

    /// <summary>Drops the samples before absolute index <paramref name="sample"/>.</summary>
    public void Forget(long sample)
    {
        int drop = (int)Math.Clamp(sample - start, 0, count);
        if (drop > 0)
        {
            buffer.AsSpan(drop, count - drop).CopyTo(buffer);
            count -= drop;
            start += drop;
        }
    }
}
