using System.Text.Json.Serialization;

namespace Warble.Transcription;

/// <summary>
/// A whole transcription, shaped like openai-whisper's <c>transcribe()</c> result (JSON keys
/// <c>text</c>, <c>segments</c>, <c>language</c>).
/// </summary>
/// <param name="Text">The full text.</param>
/// <param name="Language">The language code used (given or detected).</param>
/// <param name="Segments">The segments in time order.</param>
public sealed record TranscriptionResult(
    [property: JsonPropertyOrder(0)] string Text,
    [property: JsonPropertyOrder(2)] string Language,
    [property: JsonPropertyOrder(1)] IReadOnlyList<Segment> Segments);
