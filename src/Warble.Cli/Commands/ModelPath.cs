namespace Warble.Cli.Commands;

/// <summary>Resolves `-m`: the path given, or the WARBLE_MODEL environment variable.</summary>
internal static class ModelPath
{
    public static string Resolve(string? given)
    {
        string? path = given ?? Environment.GetEnvironmentVariable("WARBLE_MODEL");
        if (string.IsNullOrEmpty(path))
        {
            throw new ArgumentException("no model given: pass -m MODEL (a .pt, ggml .bin, Hugging Face folder, .nemo or .gguf) or set WARBLE_MODEL");
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException($"{path}: model file not found");
        }

        return path;
    }
}
