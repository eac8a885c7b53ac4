using System.Diagnostics.Metrics;

namespace Warble.Server.Hosting;

/// <summary>
/// The server's own instruments (meter "Warble.Server"), exported with ASP.NET Core's request metrics at /metrics:
/// queue depth and in-flight work per model, audio seconds processed, real-time factor, transcription latency and
/// rejected requests. Requests by status come from ASP.NET Core's <c>http.server.request.duration</c>.
/// </summary>
internal sealed class ServerMetrics
{
    public const string MeterName = "Warble.Server";

    private readonly Counter<double> audioSeconds;
    private readonly Histogram<double> realTimeFactor;
    private readonly Histogram<double> latency;
    private readonly Counter<long> rejected;
    private readonly Histogram<int> batchSize;

    public ServerMetrics(IMeterFactory meters, ModelRegistry registry, Realtime.RealtimeAdmission realtime)
    {
        Meter meter = meters.Create(MeterName);
        meter.CreateObservableGauge("warble.queue.depth", () => registry.All.Select(m => new Measurement<int>(m.Queue.Waiting, Model(m.Name))),
            "{request}", "Requests waiting for a worker");
        meter.CreateObservableGauge("warble.transcriptions.in_flight", () => registry.All.Select(m => new Measurement<int>(m.Queue.Running, Model(m.Name))),
            "{request}", "Transcriptions running now");
        meter.CreateObservableGauge("warble.realtime.sessions", () => realtime.Open, "{session}", "Realtime WebSocket sessions open now");
        audioSeconds = meter.CreateCounter<double>("warble.audio.processed", "s", "Seconds of audio transcribed");
        realTimeFactor = meter.CreateHistogram("warble.transcription.real_time_factor", "1", "Processing time over audio time per transcription",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        latency = meter.CreateHistogram("warble.transcription.latency", "s", "Time from request to result, queue wait included",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        batchSize = meter.CreateHistogram("warble.transcription.batch_size", "{request}", "Requests decoded together in one call",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32] });
        rejected = meter.CreateCounter<long>("warble.requests.rejected", "{request}", "Requests turned away (queue full, too large, timed out)");
    }

    /// <summary>Records a finished transcription.</summary>
    public void Transcribed(string model, double audioDuration, TimeSpan processing, TimeSpan total)
    {
        KeyValuePair<string, object?> tag = Model(model);
        audioSeconds.Add(audioDuration, tag);
        latency.Record(total.TotalSeconds, tag);
        if (audioDuration > 0)
        {
            realTimeFactor.Record(processing.TotalSeconds / audioDuration, tag);
        }
    }

    /// <summary>Records a call that transcribed <paramref name="requests"/> requests together.</summary>
    public void Batched(string model, int requests) => batchSize.Record(requests, Model(model));

    /// <summary>Records a request turned away, with why ("queue_full", "too_large", "timeout").</summary>
    public void Rejected(string reason) => rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    private static KeyValuePair<string, object?> Model(string name) => new("model", name);
}
