namespace Warble.Server.Wire;

/// <summary>OpenAI's <c>response_format=json</c> transcription: <c>{"text": ...}</c>.</summary>
internal sealed record CreateTranscriptionResponseJson(string Text);
