using System.Diagnostics;
using Microsoft.Extensions.Options;
using Warble.Server.Hosting;
using Warble.Server.Queue;
using Warble.Transcription;

namespace Warble.Server.Transcriptions;

/// <summary>
/// Runs transcription requests through their model's <see cref="WorkQueue"/>: admission (413, 429) before the body is
/// read, the audio length limit, the per-request timeout, and the client's cancellation into every library call.
/// </summary>
internal sealed class TranscriptionService(ModelRegistry registry, IOptions<ServerOptions> options, ServerMetrics metrics)
{
    private const int RetryAfterSeconds = 1;

    private readonly ServerOptions settings = options.Value;

    /// <summary>Turns a request away before its body is read: too large by its length, or every queue full.</summary>
    public void Admit(HttpRequest request)
    {
        if (request.ContentLength > settings.MaxRequestBodyBytes)
        {
            metrics.Rejected("too_large");
            throw ApiException.TooLarge($"the request body is {request.ContentLength} bytes; this server accepts at most {settings.MaxRequestBodyBytes}");
        }

        if (registry.All.All(m => m.Queue.IsFull))
        {
            throw QueueFull();
        }
    }

    /// <summary>Transcribes the request's audio once a worker is free; <paramref name="onSegment"/> sees each segment as it is decoded.</summary>
    public async Task<Transcript> TranscribeAsync(TranscriptionRequest request, Action<Segment>? onSegment, CancellationToken aborted)
    {
        ServedModel model = registry.Get(request.Model);
        if (request.Task == "translate" && !model.Transcriber.SupportsTranslation)
        {
            throw ApiException.BadRequest($"the model '{model.Name}' cannot translate (a multilingual Whisper model can)", "model");
        }

        TranscribeOptions transcribe = request.ToOptions(settings.ThreadsPerTranscription) with
        {
            Progress = onSegment is null ? null : new SegmentProgress(onSegment),
        };
        var started = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(settings.RequestTimeout);
        Transcript? transcript = null;
        TimeSpan processing = default;
        var item = new WorkItem(async token =>
        {
            var work = Stopwatch.StartNew();
            transcript = await RunAsync(model.Transcriber, request.File, transcribe, token).ConfigureAwait(false);
            processing = work.Elapsed;
        }, timeout.Token);
        if (!model.Queue.TryEnqueue(item))
        {
            throw QueueFull();
        }

        try
        {
            await item.Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !aborted.IsCancellationRequested)
        {
            metrics.Rejected("timeout");
            throw new TimeoutException($"the transcription took longer than this server's limit of {settings.RequestTimeout.TotalSeconds:0.###} s");
        }

        metrics.Transcribed(model.Name, transcript!.Duration, processing, started.Elapsed);
        return transcript;
    }

    /// <summary>Measures the upload (413 beyond the limit), then transcribes it, both from the buffered form file.</summary>
    private async Task<Transcript> RunAsync(Transcriber transcriber, IFormFile file, TranscribeOptions transcribe, CancellationToken cancellationToken)
    {
        double duration = await MeasureAsync(file, cancellationToken).ConfigureAwait(false);
        await using Stream audio = file.OpenReadStream();
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(AudioInput.FromStream(audio, file.FileName), transcribe, cancellationToken)
            .ConfigureAwait(false);
        return new Transcript(result, duration);
    }

    /// <summary>The upload's length in seconds, decoded block by block (memory stays flat).</summary>
    private async Task<double> MeasureAsync(IFormFile file, CancellationToken cancellationToken)
    {
        const double SampleRate = 16000;
        long samples = 0;
        long limit = (long)(settings.MaxAudioSeconds * SampleRate);
        await using Stream audio = file.OpenReadStream();
        await foreach (ReadOnlyMemory<float> block in AudioInput.FromStream(audio, file.FileName).ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            samples += block.Length;
            if (samples > limit)
            {
                metrics.Rejected("too_large");
                throw ApiException.TooLarge($"the audio is longer than this server's limit of {settings.MaxAudioSeconds:0} s");
            }
        }

        return samples / SampleRate;
    }

    private ApiException QueueFull()
    {
        metrics.Rejected("queue_full");
        return new ApiException(StatusCodes.Status429TooManyRequests, "the server is busy: every transcription slot and queue place is taken; retry shortly",
            "requests", code: "rate_limit_exceeded")
        {
            RetryAfterSeconds = RetryAfterSeconds,
        };
    }
}
