namespace Warble.Hub;

/// <summary>The platform conventions behind <see cref="ModelStore.DefaultDirectory"/> and <see cref="ModelStore.DefaultEndpoint"/>.</summary>
internal static class StoreLocation
{
    public static string Directory()
    {
        if (Environment.GetEnvironmentVariable("WARBLE_MODELS") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        if (OperatingSystem.IsWindows())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "warble", "models");
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Caches", "warble");
        }

        string cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(home, ".cache");
        return Path.Combine(cache, "warble");
    }

    public static Uri Endpoint()
    {
        string value = Environment.GetEnvironmentVariable("WARBLE_HF_ENDPOINT") is { Length: > 0 } warble ? warble
            : Environment.GetEnvironmentVariable("HF_ENDPOINT") is { Length: > 0 } hf ? hf
            : "https://huggingface.co/";
        return new Uri(value.EndsWith('/') ? value : value + "/");
    }
}
