namespace Warble.Models.Whisper.Timing;

/// <summary>A word of a segment, as the <c>{word, start, end, probability}</c> dict of openai-whisper.</summary>
internal sealed class WordTimestamp(string word, double start, double end, double probability)
{
    public string Word { get; } = word;

    public double Start { get; set; } = start;

    public double End { get; set; } = end;

    public double Probability { get; } = probability;
}
