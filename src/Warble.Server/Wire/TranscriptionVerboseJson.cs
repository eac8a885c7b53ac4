using System.Text.Json.Serialization;

namespace Warble.Server.Wire;

/// <summary>
/// OpenAI's <c>response_format=verbose_json</c>: task, language (an English name such as "english"), duration in
/// seconds, text, and the segments and words asked for with <c>timestamp_granularities[]</c>.
/// </summary>
internal sealed record TranscriptionVerboseJson(string Task, string Language, double Duration, string Text)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TranscriptionSegment>? Segments { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<TranscriptionWord>? Words { get; init; }
}
