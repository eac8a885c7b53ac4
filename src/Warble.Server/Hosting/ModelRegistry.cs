using Microsoft.Extensions.Options;
using Warble.Server.Queue;

namespace Warble.Server.Hosting;

/// <summary>
/// The served models, loaded when the host starts (the server listens once they are) and released when it stops,
/// after the web server has drained its requests. Clients pick one by name; nothing in a request names a path.
/// </summary>
internal sealed class ModelRegistry(IOptions<ServerOptions> options, ILogger<ModelRegistry> logger) : IHostedService
{
    private readonly Dictionary<string, ServedModel> models = new(StringComparer.Ordinal);
    private volatile bool ready;

    /// <summary>Whether every model is loaded.</summary>
    public bool IsReady => ready;

    /// <summary>The models in the order they were configured.</summary>
    public IReadOnlyCollection<ServedModel> All => models.Values;

    /// <summary>The model a request names, or the first one when it names none; unknown names get OpenAI's 404.</summary>
    public ServedModel Get(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return models.Values.First();
        }

        return models.TryGetValue(name, out ServedModel? model)
            ? model
            : throw new ApiException(StatusCodes.Status404NotFound, $"The model '{name}' does not exist or you do not have access to it.",
                param: "model", code: "model_not_found");
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ServerOptions settings = options.Value;
        foreach ((string name, string path) in settings.Models)
        {
            var load = new TranscriberOptions { Threads = settings.ThreadsPerTranscription };
            Transcriber transcriber = await Transcriber.LoadAsync(path, load, cancellationToken).ConfigureAwait(false);
            var queue = new WorkQueue(settings.QueueCapacity, settings.ConcurrentTranscriptions);
            models[name] = new ServedModel(name, transcriber, queue, DateTimeOffset.UtcNow);
            logger.LogInformation("model {Name} ({Architecture}) loaded from {Path}", name, transcriber.Architecture, path);
        }

        ready = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ready = false;
        foreach (ServedModel model in models.Values)
        {
            await model.DisposeAsync().ConfigureAwait(false);
        }
    }
}
