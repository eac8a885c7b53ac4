namespace Warble.Audio;

/// <summary>A decoder that yields mono float samples at its own sample rate, block by block.</summary>
internal interface ISampleSource : IDisposable
{
    /// <summary>Samples per second of what <see cref="Read"/> yields.</summary>
    int SampleRate { get; }

    /// <summary>Fills <paramref name="destination"/> with the next mono samples; returns how many, 0 at the end.</summary>
    int Read(Span<float> destination, CancellationToken cancellationToken);
}
