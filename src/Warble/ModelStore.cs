using Warble.Hub;

namespace Warble;

/// <summary>
/// The folder of pulled models and the pull itself: <c>PullAsync("tiny")</c> downloads the catalog's file from Hugging
/// Face (resuming a partial download with an HTTP Range request), checks its SHA-256 against the hash Hugging Face
/// publishes for it, and only then moves it into place, so <see cref="Resolve"/> never returns a half file.
/// </summary>
public sealed class ModelStore
{
    /// <summary>A store in <paramref name="directory"/> (default <see cref="DefaultDirectory"/>) pulling from <paramref name="endpoint"/> (default <see cref="DefaultEndpoint"/>).</summary>
    public ModelStore(string? directory = null, Uri? endpoint = null)
    {
        Directory = directory ?? DefaultDirectory;
        // Model paths resolve relative to the endpoint, so it must end in a slash to keep its own path (a mirror's /hf/).
        Uri given = endpoint ?? DefaultEndpoint;
        Endpoint = given.AbsoluteUri.EndsWith('/') ? given : new Uri(given.AbsoluteUri + "/");
    }

    /// <summary>The folder models are kept in: one sub-folder per model name.</summary>
    public string Directory { get; }

    /// <summary>The Hugging Face endpoint pulls read from.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// WARBLE_MODELS when set; else the platform's cache folder: $XDG_CACHE_HOME/warble (default ~/.cache/warble) on
    /// Linux, ~/Library/Caches/warble on macOS, %LOCALAPPDATA%\warble\models on Windows.
    /// </summary>
    public static string DefaultDirectory => StoreLocation.Directory();

    /// <summary>WARBLE_HF_ENDPOINT, else HF_ENDPOINT (as huggingface_hub reads it), else https://huggingface.co/.</summary>
    public static Uri DefaultEndpoint => StoreLocation.Endpoint();

    /// <summary>Where <paramref name="model"/> is (or will be) once pulled.</summary>
    public string PathOf(ModelInfo model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Path.Combine(Directory, model.Name, model.File);
    }

    /// <summary>Whether <paramref name="model"/> has been pulled (and verified) into this store.</summary>
    public bool IsPulled(ModelInfo model) => File.Exists(PathOf(model));

    /// <summary>The path of the pulled model called <paramref name="name"/>, or null when no such model is pulled.</summary>
    public string? Resolve(string name) =>
        ModelCatalog.Find(name) is { } model && IsPulled(model) ? PathOf(model) : null;

    /// <summary>
    /// Downloads the model called <paramref name="name"/> unless it is already here, and returns its path. An
    /// interrupted pull keeps its partial file and the next pull resumes it; a file whose SHA-256 differs from the
    /// published one is deleted and throws <see cref="ModelDownloadException"/>.
    /// </summary>
    public async Task<string> PullAsync(string name, IProgress<ModelDownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ModelInfo model = ModelCatalog.Find(name) ?? throw UnknownModel(name);
        string path = PathOf(model);
        if (File.Exists(path))
        {
            return path;
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Uri source = model.Source(Endpoint);
        string sha256 = await HubDownload.PublishedSha256Async(source, cancellationToken).ConfigureAwait(false);
        string partial = path + ".partial";
        await HubDownload.DownloadAsync(source, partial, sha256, progress, cancellationToken).ConfigureAwait(false);
        File.Move(partial, path, overwrite: true);
        return path;
    }

    /// <summary>The one-line error for a name the catalog lacks, with the closest names.</summary>
    public static ModelDownloadException UnknownModel(string name)
    {
        IReadOnlyList<string> close = ModelCatalog.Suggest(name);
        string hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : "; 'warble models list' shows the names";
        return new ModelDownloadException($"unknown model '{name}'{hint}");
    }
}
