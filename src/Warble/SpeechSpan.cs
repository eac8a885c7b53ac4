namespace Warble;

/// <summary>A stretch of speech in a recording, in seconds (an entry of <c>warble vad</c>'s <c>speech</c> list).</summary>
/// <param name="Start">Start, in seconds from the start of the audio.</param>
/// <param name="End">End, in seconds from the start of the audio.</param>
public sealed record SpeechSpan(double Start, double End);
