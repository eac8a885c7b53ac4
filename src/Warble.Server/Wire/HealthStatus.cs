namespace Warble.Server.Wire;

/// <summary>The body of the health endpoints: "ok", or "loading" before the models are ready.</summary>
internal sealed record HealthStatus(string Status);
