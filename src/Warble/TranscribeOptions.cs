namespace Warble;

/// <summary>
/// Settings for one transcription. Defaults are openai-whisper's <c>transcribe()</c> defaults; options that mean
/// nothing for a model (language, temperatures and prompts for Parakeet) are ignored.
/// </summary>
public sealed record TranscribeOptions
{
    /// <summary>Spoken language code (e.g. "en"); null detects it (Whisper).</summary>
    public string? Language { get; init; }

    /// <summary>"transcribe", or "translate" to English (Whisper).</summary>
    public string Task { get; init; } = "transcribe";

    /// <summary>Temperatures tried in turn when a window fails the thresholds; a single value disables fallback.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

    /// <summary>Beams at temperature 0; null or 1 decodes greedily (openai's default is greedy, its CLI's is 5).</summary>
    public int? BeamSize { get; init; }

    /// <summary>Candidates sampled at temperature above 0.</summary>
    public int? BestOf { get; init; }

    /// <summary>Add word-level timestamps.</summary>
    public bool WordTimestamps { get; init; }

    /// <summary>Text that conditions the first window.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>Feed each window's text to the next as its prompt.</summary>
    public bool ConditionOnPreviousText { get; init; } = true;

    /// <summary>Receives progress after each segment.</summary>
    public IProgress<TranscriptionProgress>? Progress { get; init; }
}
