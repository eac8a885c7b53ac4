using System.Text.Json.Serialization;

namespace Warble.Server.Wire;

/// <summary>Source-generated JSON for every wire shape, with OpenAI's snake_case field names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OpenAiError))]
[JsonSerializable(typeof(CreateTranscriptionResponseJson))]
[JsonSerializable(typeof(TranscriptionVerboseJson))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelObject))]
[JsonSerializable(typeof(TranscriptStreamEvent))]
[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(RealtimeServerEvent))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
