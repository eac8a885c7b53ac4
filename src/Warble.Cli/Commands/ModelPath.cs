namespace Warble.Cli.Commands;

/// <summary>
/// Resolves `-m`: the path given (or the name of a pulled model, `warble models pull`), else the WARBLE_MODEL
/// environment variable, else the demo model shipped beside the executable (a small English Parakeet-architecture CTC model, tools/demo-model/README.md).
/// </summary>
internal static class ModelPath
{
    /// <summary>Where the build puts the shipped demo model.</summary>
    public static string DemoModel { get; } = Path.Combine(AppContext.BaseDirectory, "models", "demo-fastconformer-ctc.gguf");

    /// <summary>A model name (`tiny`) as the pulled file's path; a name not pulled, or a path that does not exist, is one line saying what to do.</summary>
    public static string Pulled(string name)
    {
        if (ModelCatalog.Find(name) is { } known)
        {
            var store = new ModelStore();
            return store.IsPulled(known)
                ? store.PathOf(known)
                : throw new FileNotFoundException($"{name}: model not pulled yet; run 'warble models pull {known.Name}' (or pass a model file)");
        }

        IReadOnlyList<string> close = name.IndexOfAny(['/', '\\']) < 0 ? ModelCatalog.Suggest(name) : [];
        string hint = close.Count > 0 ? $"; did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?" : "";
        throw new FileNotFoundException($"{name}: model file not found, nor a model name ('warble models list'){hint}");
    }

    public static string Resolve(string? given)
    {
        string? path = given ?? Environment.GetEnvironmentVariable("WARBLE_MODEL");
        if (string.IsNullOrEmpty(path))
        {
            if (!File.Exists(DemoModel))
            {
                throw new ArgumentException("no model given: pass -m MODEL (a .pt, ggml .bin, Hugging Face folder, .nemo or .gguf) or set WARBLE_MODEL");
            }

            Console.Error.WriteLine("warble: no model given (-m or WARBLE_MODEL); using the demo model, a small English model trained on synthetic speech");
            return DemoModel;
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return Pulled(path);
        }

        return path;
    }
}
