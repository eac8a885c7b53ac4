using Warble.Models.Whisper.Decoding;

namespace Warble.Tests.Decoding;

public class ApplyTimestampRulesTests
{
    private const int Tb = FakeTokenizer.TimestampBegin;
    private static readonly int[] Start = [FakeTokenizer.Sot, FakeTokenizer.En, FakeTokenizer.Transcribe];

    private static float[] Apply(int[] sampled, int? maxInitialIndex = 50, Action<float[]>? shape = null)
    {
        var rules = new ApplyTimestampRules(new FakeTokenizer().Special, Start.Length, maxInitialIndex, FakeTokenizer.NVocab);
        var logits = new float[FakeTokenizer.NVocab];
        shape?.Invoke(logits);
        rules.Apply(logits, [.. Start, .. sampled]);
        return logits;
    }

    [Fact]
    public void FirstTokenIsATimestampNoLaterThanMaxInitialTimestamp()
    {
        var logits = Apply([]);
        Assert.All(logits[..Tb], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.Equal(0f, logits[Tb]);
        Assert.Equal(0f, logits[Tb + 50]);
        Assert.Equal(float.NegativeInfinity, logits[Tb + 51]);
    }

    [Fact]
    public void AfterATextThenTimestampOnlyTimestampsOrEotMayFollowAndNotEarlierOnes()
    {
        var logits = Apply([Tb + 10, 3, Tb + 20]);
        Assert.Equal(float.NegativeInfinity, logits[3]);
        Assert.Equal(float.NegativeInfinity, logits[Tb + 19]);
        Assert.Equal(0f, logits[Tb + 20]); // the closing timestamp may repeat
    }

    [Fact]
    public void AfterTwoTimestampsTheNextMustBeText()
    {
        var logits = Apply([Tb + 10, 3, Tb + 20, Tb + 20]);
        Assert.All(logits[Tb..], v => Assert.Equal(float.NegativeInfinity, v));
        Assert.Equal(0f, logits[3]);
        Assert.Equal(float.NegativeInfinity, logits[FakeTokenizer.NoTimestamps]);
    }

    [Fact]
    public void AfterTextTimestampsMustBeStrictlyLater()
    {
        var logits = Apply([Tb + 10, 3], shape: l => l[3] = 30f);
        Assert.Equal(float.NegativeInfinity, logits[Tb + 10]);
        Assert.Equal(0f, logits[Tb + 11]);
    }

    [Fact]
    public void TimestampMassAboveEveryTextTokenForcesATimestamp()
    {
        // 1490 timestamps at 0 outweigh a single text token at 5
        var logits = Apply([Tb + 10, 3], shape: l => l[4] = 5f);
        Assert.All(logits[..Tb], v => Assert.Equal(float.NegativeInfinity, v));
        var kept = Apply([Tb + 10, 3], shape: l => l[4] = 9f);
        Assert.Equal(9f, kept[4]);
    }
}
