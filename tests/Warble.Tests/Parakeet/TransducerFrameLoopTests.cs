using Warble.Models.Common;
using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

public class TransducerFrameLoopTests
{
    /// <summary>The token log-probability among tokens and blank agrees with a scalar double logsumexp.</summary>
    [Theory]
    [InlineData(8193, 5, 0f)]
    [InlineData(1025, 5, -60f)]
    [InlineData(13, 4, -100f)]
    public void TokenLogProbMatchesADoubleLogSumExp(int classes, int durations, float durationBias)
    {
        var random = new Random(classes);
        float[] logProbs = [.. Enumerable.Range(0, classes + durations).Select(i => (float)(random.NextDouble() * 12) - (i < classes ? 0 : durationBias))];
        Nn.LogSoftmax(logProbs);
        foreach (int token in new[] { 0, classes / 2, classes - 1, Nn.Argmax(logProbs.AsSpan(0, classes)) })
        {
            double sum = logProbs[..classes].Sum(v => Math.Exp(v));
            float expected = (float)(logProbs[token] - Math.Log(sum));
            Assert.Equal(expected, TransducerFrameLoop.TokenLogProb(logProbs, classes, token), 1e-5f * Math.Max(1, Math.Abs(expected)));
        }
    }
}
