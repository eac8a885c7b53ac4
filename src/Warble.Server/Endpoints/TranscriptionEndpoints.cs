using Warble.Server.Transcriptions;

namespace Warble.Server.Endpoints;

/// <summary>OpenAI's <c>POST /v1/audio/transcriptions</c> and <c>POST /v1/audio/translations</c>.</summary>
internal static class TranscriptionEndpoints
{
    public static void MapTranscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder audio = app.MapGroup("/v1/audio").DisableAntiforgery();
        audio.MapPost("/transcriptions", (HttpContext context, TranscriptionService service) => HandleAsync(context, service, "transcribe"));
        audio.MapPost("/translations", (HttpContext context, TranscriptionService service) => HandleAsync(context, service, "translate"));
    }

    private static async Task HandleAsync(HttpContext context, TranscriptionService service, string task)
    {
        CancellationToken aborted = context.RequestAborted;
        service.Admit(context.Request);
        TranscriptionRequest request = await TranscriptionRequest.ReadAsync(context.Request, task, aborted).ConfigureAwait(false);
        if (request.Stream)
        {
            await new TranscriptEventStream(context.Response, aborted).RunAsync(service, request).ConfigureAwait(false);
            return;
        }

        Transcript transcript = await service.TranscribeAsync(request, null, aborted).ConfigureAwait(false);
        await TranscriptResponses.WriteAsync(context.Response, request, transcript, aborted).ConfigureAwait(false);
    }
}
