using Warble.Models.Common;
using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

/// <summary>The banded local attention kernel against dense masked attention, and against full attention when the window covers everything.</summary>
public class RelPositionLocalAttentionTests
{
    [Theory]
    [InlineData(1, 1, 2, 8, 1, 1)]
    [InlineData(7, 5, 2, 8, 8, 8)]
    [InlineData(12, 12, 2, 16, 3, 3)]
    [InlineData(20, 17, 4, 16, 2, 5)]
    [InlineData(20, 20, 4, 16, 6, 1)]
    [InlineData(33, 30, 2, 8, 0, 4)]
    [InlineData(33, 33, 2, 8, 4, 0)]
    [InlineData(50, 49, 2, 16, 30, 30)]
    [InlineData(130, 121, 2, 32, 8, 8)]
    [InlineData(200, 200, 3, 24, 17, 40)]
    [InlineData(150, 101, 2, 16, 64, 3)]
    public void MatchesDenseMaskedAttention(int frames, int valid, int heads, int d, int left, int right)
    {
        var context = new AttContextSize(left, right);
        var random = new Random((frames * 31) + left + (7 * right));
        float[] q = Values(random, frames * d), k = Values(random, frames * d), v = Values(random, frames * d);
        float[] p = Values(random, context.ClampedTo(frames).Positions * d), u = Values(random, d), w = Values(random, d);
        var expected = new float[frames * d];
        RelPositionLocalAttention.ApplyReference(q, k, v, p, u, w, frames, valid, heads, context, expected);
        float[] actual = Local(q, k, v, p, u, w, frames, valid, heads, context);
        AssertNear(expected, actual, 1e-5f);
        Assert.All(actual[(valid * d)..], value => Assert.Equal(0f, value));
    }

    [Theory]
    [InlineData(9, 9, 2, 8, 8, 8)]
    [InlineData(40, 33, 2, 16, 39, 100)]
    [InlineData(100, 100, 4, 32, 1000, 1000)]
    public void AWindowCoveringEveryFrameIsFullAttention(int frames, int valid, int heads, int d, int left, int right)
    {
        var context = new AttContextSize(left, right);
        Assert.Equal((2 * frames) - 1, context.ClampedTo(frames).Positions);
        var random = new Random(frames);
        float[] q = Values(random, frames * d), k = Values(random, frames * d), v = Values(random, frames * d);
        float[] p = Values(random, ((2 * frames) - 1) * d), u = Values(random, d), w = Values(random, d);
        var full = new float[frames * d];
        RelPositionAttention.Apply(q, k, v, p, u, w, frames, valid, heads, new RelPositionAttentionScratch(heads, d / heads, frames), full);
        AssertNear(full, Local(q, k, v, p, u, w, frames, valid, heads, context), 1e-5f);

        var reference = new float[frames * d];
        Nn.RelPositionAttentionReference(q, k, v, p, u, w, frames, valid, heads, new float[frames], reference);
        var localReference = new float[frames * d];
        RelPositionLocalAttention.ApplyReference(q, k, v, p, u, w, frames, valid, heads, context, localReference);
        AssertNear(reference, localReference, 1e-5f);
    }

    [Fact]
    public void AScratchPlannedForFewerFramesIsRefused()
    {
        var context = new AttContextSize(4, 4);
        var scratch = new RelPositionLocalAttentionScratch(2, 4, 10, context);
        var x = new float[20 * 8];
        Assert.Throws<ArgumentException>(() => RelPositionLocalAttention.Apply(x, x, x, new float[9 * 8], new float[8], new float[8], 20, 20, 2, context,
            scratch, new float[20 * 8]));
    }

    [Fact]
    public void FullAttentionOverAnHourIsRefusedWithAMessage() =>
        Assert.Contains("local attention", Assert.Throws<ArgumentException>(() => new RelPositionAttentionScratch(8, 128, 45_000)).Message,
            StringComparison.Ordinal);

    private static float[] Local(float[] q, float[] k, float[] v, float[] p, float[] u, float[] w, int frames, int valid, int heads, AttContextSize context)
    {
        int d = u.Length;
        float[] actual = Enumerable.Repeat(float.NaN, frames * d).ToArray();
        RelPositionLocalAttention.Apply(q, k, v, p, u, w, frames, valid, heads, context,
            new RelPositionLocalAttentionScratch(heads, d / heads, frames, context), actual);
        return actual;
    }

    private static void AssertNear(float[] expected, float[] actual, float atol)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= atol, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private static float[] Values(Random random, int count) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
}
