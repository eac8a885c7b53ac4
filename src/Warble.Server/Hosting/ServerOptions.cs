namespace Warble.Server.Hosting;

/// <summary>
/// The server's settings (configuration section "Warble"; <c>warble serve</c> flags map onto it one to one). Checked at
/// start by <see cref="ServerOptionsValidator"/>.
/// </summary>
internal sealed class ServerOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string Section = "Warble";

    /// <summary>Served models: the name clients pass as <c>model</c> → a model file or folder on this machine.</summary>
    public Dictionary<string, string> Models { get; set; } = [];

    /// <summary>Requests waiting for each model beyond those running; a full queue answers 429 at once.</summary>
    public int QueueCapacity { get; set; } = 16;

    /// <summary>Transcriptions that run at once on each model (they share its weights).</summary>
    public int ConcurrentTranscriptions { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>
    /// The most queued requests for one model that a worker decodes together in one call
    /// (<see cref="Transcriber.TranscribeBatchAsync"/>): same options, not streamed, no VAD, and a model whose decoder
    /// steps can be shared (<see cref="Transcriber.SharesDecoderSteps"/>); 1 turns batching off.
    /// </summary>
    public int MaxBatchSize { get; set; } = 8;

    /// <summary>Kernel threads per transcription; null lets each call use every core.</summary>
    public int? ThreadsPerTranscription { get; set; }

    /// <summary>The largest request body in bytes (uploads); larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The longest audio accepted, in seconds; longer uploads get 413.</summary>
    public double MaxAudioSeconds { get; set; } = 2 * 3600;

    /// <summary>How long one request may take, queue wait included, before it is cancelled (504).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Realtime WebSocket sessions open at once; one more is answered 429 before the upgrade.</summary>
    public int MaxRealtimeSessions { get; set; } = 16;

    /// <summary>A realtime WebSocket that sends nothing for this long is closed.</summary>
    public TimeSpan RealtimeIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>On SIGTERM, how long in-flight requests may run on before they are cancelled.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A file of API keys, one per line; with it (or WARBLE_API_KEYS) every /v1 request needs <c>Authorization: Bearer KEY</c>.</summary>
    public string? ApiKeyFile { get; set; }
}
