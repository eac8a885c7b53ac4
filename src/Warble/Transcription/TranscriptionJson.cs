using System.Text.Json;
using System.Text.Json.Serialization;

namespace Warble.Transcription;

/// <summary>
/// System.Text.Json (source-generated, so trimming and NativeAOT work) for
/// <see cref="TranscriptionResult"/> with openai-whisper's snake_case keys. Null fields are
/// omitted; NaN and infinities are written as Python's json module writes them.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TranscriptionResult))]
internal sealed partial class TranscriptionJson : JsonSerializerContext
{
    /// <summary>Serialises a result as one JSON object.</summary>
    public static string Serialize(TranscriptionResult result) => JsonSerializer.Serialize(result, Default.TranscriptionResult);

    /// <summary>Parses a result written by Warble or by openai-whisper.</summary>
    public static TranscriptionResult Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Default.TranscriptionResult)
        ?? throw new JsonException("the JSON document is null, not a transcription result");
}
