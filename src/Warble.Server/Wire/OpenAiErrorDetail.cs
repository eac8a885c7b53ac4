namespace Warble.Server.Wire;

/// <summary>The inside of <see cref="OpenAiError"/>; <c>param</c> and <c>code</c> are null when they say nothing.</summary>
internal sealed record OpenAiErrorDetail(string Message, string Type, string? Param, string? Code);
