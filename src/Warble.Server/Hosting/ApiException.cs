namespace Warble.Server.Hosting;

/// <summary>
/// A request that cannot be served, with the HTTP status and OpenAI's error fields to answer it with
/// (<see cref="ErrorResponses"/> writes it). Thrown by services; endpoints stay free of status-code plumbing.
/// </summary>
internal sealed class ApiException(int status, string message, string type = "invalid_request_error", string? param = null, string? code = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;

    /// <summary>Seconds a client should wait before retrying (429), or null.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string message, string? param = null) => new(StatusCodes.Status400BadRequest, message, param: param);

    public static ApiException TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, message, code: "request_too_large");
}
