namespace Warble.Models.Whisper.Decoding;

/// <summary>Picks the final sequence among a group of candidates, as openai-whisper's <c>SequenceRanker</c>.</summary>
internal interface ISequenceRanker
{
    /// <param name="lengths">number of sampled tokens of each candidate.</param>
    /// <param name="sumLogprobs">cumulative log-probability of each candidate.</param>
    /// <returns>the index of the selected candidate.</returns>
    int Rank(ReadOnlySpan<int> lengths, ReadOnlySpan<double> sumLogprobs);
}
