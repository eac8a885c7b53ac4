namespace Warble.Models.Whisper.Timing;

/// <summary>One aligned word, as openai-whisper's <c>timing.WordTiming</c> (mutable: punctuation merging edits it).</summary>
internal sealed class WordTiming(string word, List<int> tokens, double start, double end, double probability)
{
    public string Word { get; set; } = word;

    public List<int> Tokens { get; set; } = tokens;

    public double Start { get; set; } = start;

    public double End { get; set; } = end;

    public double Probability { get; } = probability;
}
