using System.Text.Json;
using System.Threading.Channels;
using Warble.Server.Wire;
using Warble.Transcription;

namespace Warble.Server.Transcriptions;

/// <summary>
/// A <c>stream=true</c> answer: server-sent events, one <c>transcript.text.delta</c> per segment as it is decoded
/// (Whisper's windows, Parakeet's chunks), then <c>transcript.text.done</c> with the whole text. The response starts
/// with the first segment, so a request refused before any (404, 429, 413) still gets a plain JSON error.
/// </summary>
internal sealed class TranscriptEventStream(HttpResponse response, CancellationToken cancellationToken)
{
    private readonly Channel<Segment> segments = Channel.CreateUnbounded<Segment>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Runs the transcription, streaming its segments, and ends with the done event.</summary>
    public async Task RunAsync(TranscriptionService service, TranscriptionRequest request)
    {
        Task pump = PumpAsync();
        Transcript transcript;
        try
        {
            transcript = await service.TranscribeAsync(request, segment => segments.Writer.TryWrite(segment), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            segments.Writer.TryComplete();
            await pump.ConfigureAwait(false);
        }

        await WriteAsync(TranscriptStreamEvent.TextDone(transcript.Result.Text.Trim())).ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        await foreach (Segment segment in segments.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await WriteAsync(TranscriptStreamEvent.TextDelta(segment.Text)).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(TranscriptStreamEvent item)
    {
        if (!response.HasStarted)
        {
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
        }

        await response.WriteAsync("data: ", cancellationToken).ConfigureAwait(false);
        await JsonSerializer.SerializeAsync(response.Body, item, ServerJson.Context.TranscriptStreamEvent, cancellationToken).ConfigureAwait(false);
        await response.WriteAsync("\n\n", cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
