using System.Text.Json;
using Warble.Server.Wire;

namespace Warble.Server.Hosting;

/// <summary>
/// Turns failures into OpenAI's error object and status: <see cref="ApiException"/> as it says, a bad upload or bad
/// option from the library as 400, Kestrel's body limit as 413, anything else as 500 (logged). A request the client
/// abandoned gets no answer. Only the unexpected (500) is logged.
/// </summary>
internal static class ErrorResponses
{
    public static IApplicationBuilder UseOpenAiErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            context.Abort();
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            ApiException error = Classify(e);
            if (error.Status == StatusCodes.Status500InternalServerError)
            {
                context.RequestServices.GetRequiredService<ILogger<ApiException>>().LogError(e, "request failed");
            }

            await WriteAsync(context, error).ConfigureAwait(false);
        }
    });

    /// <summary>Writes <paramref name="error"/> as OpenAI's error object.</summary>
    public static async Task WriteAsync(HttpContext context, ApiException error)
    {
        context.Response.Clear();
        context.Response.StatusCode = error.Status;
        if (error.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var payload = new OpenAiError(new OpenAiErrorDetail(error.Message, error.Type, error.Param, error.Code));
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, payload, ServerJson.Context.OpenAiError, context.RequestAborted)
            .ConfigureAwait(false);
    }

    private static ApiException Classify(Exception e) => e switch
    {
        ApiException api => api,
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiException.TooLarge("the request body is larger than the server accepts"),
        BadHttpRequestException or InvalidDataException => ApiException.BadRequest(e.Message),
        WarbleException or ArgumentException or NotSupportedException => ApiException.BadRequest(e.Message),
        TimeoutException => new ApiException(StatusCodes.Status504GatewayTimeout, e.Message, "server_error", code: "timeout"),
        _ => new ApiException(StatusCodes.Status500InternalServerError, "the server had an error while processing the request", "server_error"),
    };
}
