namespace Warble.Vad;

/// <summary>Speech regions cut from the audio and joined (an element of faster-whisper's <c>collect_chunks</c> result).</summary>
/// <param name="Audio">The regions' samples, back to back.</param>
/// <param name="Offset">Seconds of joined speech before this chunk (<c>offset</c>).</param>
/// <param name="Duration">Seconds of speech in this chunk (<c>duration</c>).</param>
/// <param name="Segments">The regions it holds, in the original audio's samples (<c>segments</c>).</param>
internal sealed record SpeechChunk(float[] Audio, double Offset, double Duration, IReadOnlyList<SpeechRegion> Segments);
