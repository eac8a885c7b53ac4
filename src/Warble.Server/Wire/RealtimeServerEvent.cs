using System.Text.Json.Serialization;

namespace Warble.Server.Wire;

/// <summary>
/// A server event of OpenAI's Realtime API in a transcription session: <c>session.created</c> / <c>.updated</c>,
/// <c>input_audio_buffer.committed</c> / <c>.cleared</c> / <c>.speech_started</c> / <c>.speech_stopped</c>,
/// <c>conversation.item.input_audio_transcription.delta</c> / <c>.completed</c> and <c>error</c>. Fields an event
/// does not have are left out.
/// </summary>
internal sealed record RealtimeServerEvent(string EventId, string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RealtimeSessionInfo? Session { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ItemId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PreviousItemId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ContentIndex { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Delta { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Transcript { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AudioStartMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AudioEndMs { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RealtimeErrorDetail? Error { get; init; }
}
