namespace Warble.Audio;

/// <summary>Samples already in memory, handed out block by block like a decoder's.</summary>
internal sealed class MemorySampleSource(ReadOnlyMemory<float> samples, int sampleRate) : ISampleSource
{
    private int position;

    public int SampleRate => sampleRate;

    public int Read(Span<float> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int count = Math.Min(destination.Length, samples.Length - position);
        samples.Span.Slice(position, count).CopyTo(destination);
        position += count;
        return count;
    }

    public void Dispose()
    {
    }
}
