using Warble.Hub;

namespace Warble;

/// <summary>
/// The models Warble knows by name: whisper.cpp's ggml conversions of every Whisper size (the files its
/// `models/download-ggml-model.sh` fetches) and NVIDIA's Parakeet TDT 0.6b `.nemo` checkpoints. Sizes are the
/// publishers' figures; the SHA-256 each pull checks is the one Hugging Face publishes for the file (its LFS object
/// id), read at pull time rather than pinned here.
/// </summary>
public static class ModelCatalog
{
    private const long MiB = 1024 * 1024;
    private const string WhisperCpp = "ggerganov/whisper.cpp";

    /// <summary>Every known model, smallest Whisper first.</summary>
    public static IReadOnlyList<ModelInfo> All { get; } =
    [
        Whisper("tiny", 75, "multilingual"),
        Whisper("tiny.en", 75, "en"),
        Whisper("base", 142, "multilingual"),
        Whisper("base.en", 142, "en"),
        Whisper("small", 466, "multilingual"),
        Whisper("small.en", 466, "en"),
        Whisper("medium", 1500, "multilingual"),
        Whisper("medium.en", 1500, "en"),
        Whisper("large-v1", 2900, "multilingual"),
        Whisper("large-v2", 2900, "multilingual"),
        Whisper("large-v3", 2900, "multilingual"),
        Whisper("large-v3-turbo", 1500, "multilingual"),
        new("parakeet-tdt-0.6b-v2", "parakeet", "nvidia/parakeet-tdt-0.6b-v2", "parakeet-tdt-0.6b-v2.nemo", 2350 * MiB, "en"),
        new("parakeet-tdt-0.6b-v3", "parakeet", "nvidia/parakeet-tdt-0.6b-v3", "parakeet-tdt-0.6b-v3.nemo", 2390 * MiB, "multilingual"),
    ];

    /// <summary>The model of that name (case-insensitive), or null.</summary>
    public static ModelInfo? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The known names closest to a misspelled one (edit distance at most a third of its length, at least 2).</summary>
    public static IReadOnlyList<string> Suggest(string name) => NameSuggestions.Closest(name, All.Select(m => m.Name));

    private static ModelInfo Whisper(string name, long mib, string languages) =>
        new(name, "whisper", WhisperCpp, $"ggml-{name}.bin", mib * MiB, languages);
}
