using Warble.Models.Whisper.Decoding;

namespace Warble.Tests.Decoding;

public class GreedySamplingTests
{
    private const int Eot = 50256;

    /// <summary>
    /// At T = 1, token 3 (logit ln 3) is drawn about three times as often as token 7 (logit 0); the suppressed (−∞)
    /// tokens, most of a Whisper-sized row, never are, and each draw's log-probability is that of its token.
    /// </summary>
    [Fact]
    public void SamplesFollowSoftmaxAndNeverDrawSuppressedTokens()
    {
        var logits = new float[51865];
        Array.Fill(logits, float.NegativeInfinity);
        logits[3] = MathF.Log(3f);
        logits[7] = 0f;
        var decoder = new GreedyDecoder(1.0, Eot, new Random(11));
        var counts = new Dictionary<int, int>();
        const int Draws = 4000;
        for (int i = 0; i < Draws; i++)
        {
            var tokens = new TokenBuffer(1, 2);
            tokens.Initialize([1]);
            var sum = new float[1];
            decoder.Update(tokens, logits, sum);
            int token = tokens.Last(0);
            counts[token] = counts.GetValueOrDefault(token) + 1;
            Assert.Equal(MathF.Log(token == 3 ? 0.75f : 0.25f), sum[0], 1e-5f);
        }

        Assert.Equal([3, 7], counts.Keys.Order());
        Assert.InRange(counts[3] / (double)Draws, 0.72, 0.78);
    }

    [Fact]
    public void TemperatureFlattensTheDistribution()
    {
        float[] logits = [MathF.Log(3f), 0f];
        var decoder = new GreedyDecoder(100.0, Eot, new Random(5));
        int first = 0;
        const int Draws = 4000;
        for (int i = 0; i < Draws; i++)
        {
            var tokens = new TokenBuffer(1, 2);
            tokens.Initialize([1]);
            decoder.Update(tokens, logits, new float[1]);
            first += tokens.Last(0) == 0 ? 1 : 0;
        }

        // softmax(logits / 100): p0 = 1 / (1 + 3^(-1/100)) ≈ 0.503.
        Assert.InRange(first / (double)Draws, 0.47, 0.53);
    }
}
