using System.Text.Json.Serialization;

namespace Warble.Server.Wire;

/// <summary>
/// A server-sent event of a streamed transcription (<c>stream=true</c>): <c>transcript.text.delta</c> with the text
/// just decoded, then one <c>transcript.text.done</c> with the whole text.
/// </summary>
internal sealed record TranscriptStreamEvent(string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    public static TranscriptStreamEvent TextDelta(string delta) => new("transcript.text.delta") { Delta = delta };

    public static TranscriptStreamEvent TextDone(string text) => new("transcript.text.done") { Text = text };
}
