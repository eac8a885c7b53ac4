namespace Warble.Models.Whisper.Timing;

/// <summary>
/// A segment while its window is being processed: the mutable dict of openai-whisper's
/// <c>transcribe</c> (<c>new_segment</c>), which <c>add_word_timestamps</c> adjusts in place.
/// </summary>
internal sealed class TimedSegment
{
    public int Seek { get; init; }

    public double Start { get; set; }

    public double End { get; set; }

    public string Text { get; set; } = "";

    public int[] Tokens { get; set; } = [];

    public double Temperature { get; init; }

    public double AvgLogprob { get; init; }

    public double CompressionRatio { get; init; }

    public double NoSpeechProb { get; init; }

    /// <summary>Word timings; null until word timestamps ran.</summary>
    public List<WordTimestamp>? Words { get; set; }
}
