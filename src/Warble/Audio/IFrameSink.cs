namespace Warble.Audio;

/// <summary>Receives feature frames one at a time, in order (a spool, or an array being filled).</summary>
internal interface IFrameSink
{
    /// <summary>Takes one frame; the span is reused for the next, so copy what is kept.</summary>
    void Append(ReadOnlySpan<float> frame);
}
