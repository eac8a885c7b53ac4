namespace Warble.Cli.Commands;

/// <summary>
/// Resolves `-m`: the path given, else the WARBLE_MODEL environment variable, else the demo model shipped beside the
/// executable (a small English Parakeet-architecture CTC model, tools/demo-model/README.md).
/// </summary>
internal static class ModelPath
{
    /// <summary>Where the build puts the shipped demo model.</summary>
    public static string DemoModel { get; } = Path.Combine(AppContext.BaseDirectory, "models", "demo-fastconformer-ctc.gguf");

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
            throw new FileNotFoundException($"{path}: model file not found");
        }

        return path;
    }
}
