namespace Warble.Server.Wire;

/// <summary>OpenAI's error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal sealed record OpenAiError(OpenAiErrorDetail Error);
