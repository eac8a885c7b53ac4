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
        void Done(Transcript result, TimeSpan elapsed) => (transcript, processing) = (result, elapsed);
        var item = new WorkItem(
            async token =>
            {
                var work = Stopwatch.StartNew();
                Done(await RunAsync(model.Transcriber, request.File, transcribe, token).ConfigureAwait(false), work.Elapsed);
            },
            timeout.Token,
            BatchFor(model, request.OptionsKey, new BatchedUpload(request.File, transcribe, Done)));
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

    /// <summary>
    /// Requests without streamed segments or VAD, for a model whose decoder steps can be shared (Whisper, a Parakeet
    /// transducer), may be decoded together with the requests of equal options queued behind them (the decoder then reads
    /// its weights once per step for all of them; Whisper's windows also share encoder passes); others always run alone.
    /// </summary>
    private WorkBatch? BatchFor(ServedModel model, object optionsKey, BatchedUpload upload) =>
        settings.MaxBatchSize > 1 && upload.Options.Progress is null && upload.Options.Vad is null && model.Transcriber.SharesDecoderSteps
            ? new WorkBatch((model, optionsKey), settings.MaxBatchSize, RunBatchAsync, upload)
            : null;

    /// <summary>
    /// Measures each upload (413 ends that request alone), then transcribes the rest in one call. A call that fails (one
    /// upload the decoder cannot read fails it) is retried request by request, so each gets its own result or error.
    /// </summary>
    private async Task RunBatchAsync(IReadOnlyList<WorkItem> items)
    {
        var work = Stopwatch.StartNew();
        var (model, _) = ((ServedModel, object))items[0].Batch!.Key;
        var ready = new List<(WorkItem Item, BatchedUpload Upload, double Duration)>();
        foreach (WorkItem item in items)
        {
            var upload = (BatchedUpload)item.Batch!.Payload;
            try
            {
                ready.Add((item, upload, await MeasureAsync(upload.File, item.CancellationToken).ConfigureAwait(false)));
            }
            catch (Exception e)
            {
                item.Finish(e);
            }
        }

        if (ready.Count == 0)
        {
            return;
        }

        List<Stream> streams = [.. ready.Select(r => r.Upload.File.OpenReadStream())];
        try
        {
            IReadOnlyList<TranscriptionResult> results = await model.Transcriber.TranscribeBatchAsync(
                [.. ready.Select((r, i) => AudioInput.FromStream(streams[i], r.Upload.File.FileName))], ready[0].Upload.Options).ConfigureAwait(false);
            metrics.Batched(model.Name, ready.Count);
            for (int i = 0; i < ready.Count; i++)
            {
                ready[i].Upload.Done(new Transcript(results[i], ready[i].Duration), work.Elapsed);
                CancellationToken token = ready[i].Item.CancellationToken;
                ready[i].Item.Finish(token.IsCancellationRequested ? new OperationCanceledException(token) : null);
            }
        }
        catch (Exception) when (ready.Count > 1)
        {
            foreach (var (item, _, _) in ready)
            {
                await item.RunStartedAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            ready[0].Item.Finish(e);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
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

    /// <summary>A batched request's upload, and where its transcript goes.</summary>
    private sealed record BatchedUpload(IFormFile File, TranscribeOptions Options, Action<Transcript, TimeSpan> Done);
}
