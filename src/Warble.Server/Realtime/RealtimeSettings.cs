using System.Text.Json;

namespace Warble.Server.Realtime;

/// <summary>
/// A transcription session's settings, changed by <c>session.update</c> (or the beta <c>transcription_session.update</c>):
/// the input format (pcm16 at 16 or 24 kHz; OpenAI's pcm16 is 24 kHz, the default), the served model and the
/// language. Both OpenAI session shapes are read: beta (<c>input_audio_format</c>, <c>input_audio_transcription</c>)
/// and GA (<c>audio.input.format</c>, <c>audio.input.transcription</c>). Turns are committed by the client unless
/// <c>turn_detection</c> is <c>server_vad</c> (<see cref="TurnDetection"/>).
/// </summary>
internal sealed record RealtimeSettings(string? Model, int SampleRate, string? Language, TurnDetection? Turns)
{
    public static RealtimeSettings Initial(string? model) => new(model, 24000, null, null);

    /// <summary>These settings with a <c>session</c> object's changes; a value Warble cannot serve throws <see cref="RealtimeClientError"/>.</summary>
    public RealtimeSettings Update(JsonElement session)
    {
        RealtimeSettings next = this;
        if (session.TryGetProperty("input_audio_format", out JsonElement format) && format.GetString() != "pcm16")
        {
            throw new RealtimeClientError("invalid_value", $"input_audio_format '{format}' is not served; use 'pcm16'", "session.input_audio_format");
        }

        JsonElement input = session.TryGetProperty("audio", out JsonElement audio) && audio.TryGetProperty("input", out JsonElement i) ? i : default;
        int? rate = Number(session, "input_audio_sample_rate")
            ?? (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("format", out JsonElement f) ? Number(f, "rate") : null);
        if (rate is { } r)
        {
            next = r is 16000 or 24000 ? next with { SampleRate = r }
                : throw new RealtimeClientError("invalid_value", $"pcm16 at {r} Hz is not served; use 16000 or 24000", "session.audio.input.format.rate");
        }

        JsonElement transcription = session.TryGetProperty("input_audio_transcription", out JsonElement t) ? t
            : input.ValueKind == JsonValueKind.Object && input.TryGetProperty("transcription", out JsonElement gt) ? gt : default;
        if (transcription.ValueKind == JsonValueKind.Object)
        {
            next = next with
            {
                Model = Text(transcription, "model") ?? next.Model,
                Language = Text(transcription, "language") ?? next.Language,
            };
        }

        JsonElement turn = session.TryGetProperty("turn_detection", out JsonElement beta) ? beta
            : input.ValueKind == JsonValueKind.Object && input.TryGetProperty("turn_detection", out JsonElement ga) ? ga : default;
        return turn.ValueKind switch
        {
            JsonValueKind.Undefined => next,
            JsonValueKind.Null => next with { Turns = null },
            _ => next with { Turns = ParseTurnDetection(turn) },
        };
    }

    /// <summary><c>server_vad</c> with OpenAI's fields; <c>semantic_vad</c> and others are refused with a clear error.</summary>
    private static TurnDetection ParseTurnDetection(JsonElement turn)
    {
        string? type = Text(turn, "type");
        if (type != "server_vad")
        {
            throw new RealtimeClientError("unsupported_turn_detection",
                $"turn_detection '{type}' is not served: use 'server_vad', or null and send input_audio_buffer.commit at the end of each turn",
                "session.turn_detection");
        }

        var defaults = new TurnDetection();
        double threshold = turn.TryGetProperty("threshold", out JsonElement t) && t.TryGetDouble(out double value) ? value : defaults.Threshold;
        return threshold is >= 0 and <= 1
            ? new TurnDetection(threshold, Number(turn, "prefix_padding_ms") ?? defaults.PrefixPaddingMs, Number(turn, "silence_duration_ms") ?? defaults.SilenceDurationMs)
            : throw new RealtimeClientError("invalid_value", "turn_detection.threshold must be between 0 and 1", "session.turn_detection.threshold");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static int? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.TryGetInt32(out int number) ? number : null;
}
