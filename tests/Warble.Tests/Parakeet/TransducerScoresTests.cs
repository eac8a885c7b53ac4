using Warble.Models.Common;
using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

public class TransducerScoresTests
{
    /// <summary>
    /// An emitted token's log-probabilities from the raw logits agree with a double log-softmax over all outputs and over
    /// the labels (tokens + blank) alone, with durations that weigh much, little or nothing, and without durations (RNN-T).
    /// </summary>
    [Theory]
    [InlineData(8193, 5, 0f)]
    [InlineData(8193, 5, -8f)]
    [InlineData(1025, 5, -60f)]
    [InlineData(13, 4, -100f)]
    [InlineData(1025, 0, 0f)]
    public void MatchADoubleLogSoftmax(int labels, int durations, float durationBias)
    {
        var random = new Random(labels + durations);
        float[] logits = [.. Enumerable.Range(0, labels + durations).Select(i => (float)(random.NextDouble() * 12) - 40 + (i < labels ? 0 : durationBias))];
        int token = Nn.Argmax(logits.AsSpan(0, labels));
        double all = Math.Log(logits.Sum(v => Math.Exp(v))), label = Math.Log(logits[..labels].Sum(v => Math.Exp(v)));
        (float logProb, float labelLogProb) = TransducerScores.Of(logits, labels, token);
        Assert.Equal(logits[token] - all, logProb, 1e-5 * Math.Max(1, Math.Abs(logits[token] - all)));
        Assert.Equal(logits[token] - label, labelLogProb, 1e-5 * Math.Max(1, Math.Abs(logits[token] - label)));
    }
}
