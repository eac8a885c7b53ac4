namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The highest log-probability divided by a length penalty: the length itself, or Google NMT's
/// ((5 + length) / 6)^alpha, as openai-whisper's <c>MaximumLikelihoodRanker</c>.
/// </summary>
/// <remarks>openai raises ZeroDivisionError for an empty candidate without a length penalty;
/// here its score is ±∞ or NaN (and never wins unless all are).</remarks>
internal sealed class MaximumLikelihoodRanker : ISequenceRanker
{
    private readonly double? lengthPenalty;

    public MaximumLikelihoodRanker(double? lengthPenalty)
    {
        this.lengthPenalty = lengthPenalty;
    }

    public int Rank(ReadOnlySpan<int> lengths, ReadOnlySpan<double> sumLogprobs)
    {
        int best = 0;
        double bestScore = double.NaN;
        for (int i = 0; i < lengths.Length; i++)
        {
            double penalty = lengthPenalty is { } alpha ? Math.Pow((5.0 + lengths[i]) / 6.0, alpha) : lengths[i];
            double score = sumLogprobs[i] / penalty;

            // np.argmax: the first maximum
            if (i == 0 || score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        return best;
    }
}
