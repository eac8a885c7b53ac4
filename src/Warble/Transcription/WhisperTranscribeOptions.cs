using Warble.Models.Whisper.Decoding;

namespace Warble.Transcription;

/// <summary>
/// The arguments of openai-whisper's <c>transcribe()</c> (same names, same defaults); the decode
/// options (language, task, beam size, …) are in <see cref="Decoding"/>.
/// </summary>
internal sealed record WhisperTranscribeOptions
{
    /// <summary>Temperatures tried in turn on failure; a single value disables fallback.</summary>
    public IReadOnlyList<double> Temperatures { get; init; } = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];

    /// <summary>A decode whose compression ratio is above this has failed.</summary>
    public double? CompressionRatioThreshold { get; init; } = 2.4;

    /// <summary>A decode whose average log-probability is below this has failed.</summary>
    public double? LogprobThreshold { get; init; } = -1.0;

    /// <summary>Above this no-speech probability (and a failed log-probability) the window is silence.</summary>
    public double? NoSpeechThreshold { get; init; } = 0.6;

    /// <summary>Feed the previous output as the prompt of the next window.</summary>
    public bool ConditionOnPreviousText { get; init; } = true;

    /// <summary>Text prompt of the first window.</summary>
    public string? InitialPrompt { get; init; }

    /// <summary>Prepend the initial prompt to every window's prompt.</summary>
    public bool CarryInitialPrompt { get; init; }

    /// <summary>Add word-level timestamps (cross-attention + DTW).</summary>
    public bool WordTimestamps { get; init; }

    /// <summary>Punctuation merged into the following word.</summary>
    public string PrependPunctuations { get; init; } = Models.Whisper.Timing.WordTimestamps.DefaultPrependPunctuations;

    /// <summary>Punctuation merged into the previous word.</summary>
    public string AppendPunctuations { get; init; } = Models.Whisper.Timing.WordTimestamps.DefaultAppendPunctuations;

    /// <summary>Comma-separated start,end,… seconds of the clips to process; the last end defaults to the end.</summary>
    public string ClipTimestamps { get; init; } = "0";

    /// <summary>With word timestamps, skip silences longer than this around a suspected hallucination.</summary>
    public double? HallucinationSilenceThreshold { get; init; }

    /// <summary>Options of each window's decode (the temperature is set per attempt).</summary>
    public DecodingOptions Decoding { get; init; } = new();

    /// <summary>Seed of the sampler used when the temperature is above 0.</summary>
    public int Seed { get; init; }

    /// <summary>Checks the options once, before any work.</summary>
    public WhisperTranscribeOptions Validate()
    {
        if (Temperatures.Count == 0 || Temperatures.Any(t => !(t >= 0)))
        {
            throw new ArgumentException("at least one temperature is needed and none may be negative");
        }

        foreach (double t in Temperatures)
        {
            (t > 0 ? Decoding with { BeamSize = null, Patience = null, Temperature = t } : Decoding with { BestOf = null, Temperature = t }).Validate();
        }

        _ = WhisperTranscriber.ParseClipTimestamps(ClipTimestamps);
        if (HallucinationSilenceThreshold is <= 0)
        {
            throw new ArgumentException("hallucination_silence_threshold must be positive");
        }

        return this;
    }
}
