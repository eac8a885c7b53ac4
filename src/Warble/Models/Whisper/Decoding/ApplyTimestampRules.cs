namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The timestamp grammar, as openai-whisper's <c>ApplyTimestampRules</c>: timestamps come in pairs
/// (except right before eot), never decrease, a segment has nonzero length, the first token is a
/// timestamp no later than <c>max_initial_timestamp</c>, and when the total probability of the
/// timestamps beats every text token, a timestamp must be sampled.
/// </summary>
internal sealed class ApplyTimestampRules : ILogitFilter
{
    private readonly WhisperSpecialTokens special;
    private readonly int sampleBegin;
    private readonly int? maxInitialTimestampIndex;
    private readonly float[] logprobs;

    public ApplyTimestampRules(WhisperSpecialTokens special, int sampleBegin, int? maxInitialTimestampIndex, int nVocab)
    {
        this.special = special;
        this.sampleBegin = sampleBegin;
        this.maxInitialTimestampIndex = maxInitialTimestampIndex;
        logprobs = new float[nVocab];
    }

    public void Apply(Span<float> logits, ReadOnlySpan<int> tokens)
    {
        int timestampBegin = special.TimestampBegin;

        // suppress <|notimestamps|>, which is handled by without_timestamps
        logits[special.NoTimestamps] = float.NegativeInfinity;

        var sampled = tokens[sampleBegin..];
        bool lastWasTimestamp = sampled.Length >= 1 && sampled[^1] >= timestampBegin;
        bool penultimateWasTimestamp = sampled.Length < 2 || sampled[^2] >= timestampBegin;
        if (lastWasTimestamp)
        {
            if (penultimateWasTimestamp)
            {
                logits[timestampBegin..].Fill(float.NegativeInfinity); // has to be non-timestamp
            }
            else
            {
                logits[..special.Eot].Fill(float.NegativeInfinity); // cannot be normal text tokens
            }
        }

        int lastTimestamp = -1;
        for (int i = sampled.Length - 1; i >= 0; i--)
        {
            if (sampled[i] >= timestampBegin)
            {
                lastTimestamp = sampled[i];
                break;
            }
        }

        if (lastTimestamp >= 0)
        {
            // timestamps shouldn't decrease, and each segment has a nonzero length
            int timestampLast = lastWasTimestamp && !penultimateWasTimestamp ? lastTimestamp : lastTimestamp + 1;
            if (timestampLast > timestampBegin)
            {
                logits[timestampBegin..Math.Min(timestampLast, logits.Length)].Fill(float.NegativeInfinity);
            }
        }

        if (tokens.Length == sampleBegin)
        {
            // suppress generating non-timestamp tokens at the beginning
            logits[..timestampBegin].Fill(float.NegativeInfinity);
            if (maxInitialTimestampIndex is { } maxIndex)
            {
                int lastAllowed = timestampBegin + maxIndex;
                if (lastAllowed + 1 < logits.Length)
                {
                    logits[(lastAllowed + 1)..].Fill(float.NegativeInfinity);
                }
            }
        }

        // if the sum of probability over timestamps is above any other token, sample a timestamp
        var logprobRow = logprobs.AsSpan(0, logits.Length);
        LogitMath.LogSoftmax(logits, logprobRow);
        float timestampLogprob = LogitMath.LogSumExp(logprobRow[timestampBegin..]);
        float maxTextTokenLogprob = LogitMath.Max(logprobRow[..timestampBegin]);
        if (timestampLogprob > maxTextTokenLogprob)
        {
            logits[..timestampBegin].Fill(float.NegativeInfinity);
        }
    }
}
