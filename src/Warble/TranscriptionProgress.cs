using Warble.Transcription;

namespace Warble;

/// <summary>How far a transcription has come: seconds of audio done out of the total, and the segment just decoded.</summary>
/// <param name="Seconds">Seconds of audio decoded so far.</param>
/// <param name="TotalSeconds">Seconds of audio in all (known once the audio has been read).</param>
public readonly record struct TranscriptionProgress(double Seconds, double TotalSeconds)
{
    /// <summary>The segment whose decoding this report follows; null for reports between segments.</summary>
    public Segment? Segment { get; init; }
}
