namespace Warble;

/// <summary>A model that <see cref="ModelStore"/> can pull by name: one file in a Hugging Face repository.</summary>
/// <param name="Name">The name to pull it by (`tiny`, `large-v3-turbo`, `parakeet-tdt-0.6b-v2`).</param>
/// <param name="Family">`whisper` or `parakeet`.</param>
/// <param name="Repository">The Hugging Face repository (`ggerganov/whisper.cpp`).</param>
/// <param name="File">The file in that repository (`ggml-tiny.bin`).</param>
/// <param name="ApproximateBytes">The download's size as its publisher states it (the server's length is what is checked).</param>
/// <param name="Languages">`en` or `multilingual` (Parakeet v3: 25 European languages).</param>
public sealed record ModelInfo(string Name, string Family, string Repository, string File, long ApproximateBytes, string Languages)
{
    /// <summary>The file's address under a Hugging Face endpoint: `{endpoint}/{repository}/resolve/main/{file}`.</summary>
    public Uri Source(Uri endpoint) => new(endpoint, $"{Repository}/resolve/main/{File}");
}
