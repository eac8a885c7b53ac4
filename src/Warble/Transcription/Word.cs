using System.Text.Json.Serialization;

namespace Warble.Transcription;

/// <summary>One word with its time span, as an entry of openai-whisper's segment <c>words</c>.</summary>
/// <param name="Text">The word as decoded, with its leading space and merged punctuation (JSON <c>word</c>).</param>
/// <param name="Start">Start time in seconds.</param>
/// <param name="End">End time in seconds.</param>
/// <param name="Probability">Mean probability of the word's tokens.</param>
public sealed record Word(
    [property: JsonPropertyName("word")] string Text,
    double Start,
    double End,
    double Probability);
