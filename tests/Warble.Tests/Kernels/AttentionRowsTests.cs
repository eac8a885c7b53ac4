using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class AttentionRowsTests
{
    /// <summary>Whole-vector head sizes (the 512- and 256-bit forms) and a ragged one, for <see cref="KernelSelfCheck"/>.</summary>
    internal static void RunAll()
    {
        var tests = new AttentionRowsTests();
        foreach ((int rows, int d) in new[] { (1500, 64), (7, 128), (9, 72), (5, 3) })
        {
            tests.ScoresMatchReference(rows, d);
            tests.WeightedSumMatchesReference(rows, d);
        }

        tests.WeightedSumInPiecesEqualsOneCall(101, 128, 32);
        tests.SoftmaxMatchesReference(1500, 0.125f);
        tests.SoftmaxMatchesReference(37, 2f);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(7, 64)]
    [InlineData(1500, 64)]
    [InlineData(6, 48)]
    [InlineData(3, 128)]
    [InlineData(9, 72)]
    [InlineData(5, 3)]
    public void ScoresMatchReference(int keys, int d)
    {
        var rng = new Random(83);
        Guarded q = Random(rng, d, 2f), k = Random(rng, keys * d, 2f);
        var expected = new float[keys];
        var actual = new float[keys];
        AttentionRows.ScoresReference(q.Span, k.Span, 0.125f, expected);
        AttentionRows.Scores(q.Span, k.Span, 0.125f, actual);
        Close(expected, actual, 1e-4f, "scores");
    }

    [Theory]
    [InlineData(1, 64)]
    [InlineData(9, 40)]
    [InlineData(1500, 64)]
    [InlineData(6, 48)]
    [InlineData(3, 128)]
    [InlineData(9, 72)]
    [InlineData(4, 5)]
    public void WeightedSumMatchesReference(int rows, int d)
    {
        var rng = new Random(89);
        Guarded p = Random(rng, rows), v = Random(rng, rows * d, 2f);
        var expected = new float[d];
        Guarded actual = new(d);
        AttentionRows.WeightedSumReference(p.Span, v.Span, expected);
        AttentionRows.WeightedSum(p.Span, v.Span, actual.Span);
        Close(expected, actual.Span, 1e-3f, "weighted sum");
        actual.CheckGuards("weighted sum");
    }

    /// <summary>A weighted sum taken over consecutive pieces of the rows with accumulate equals one call's, bit for bit.</summary>
    [Theory]
    [InlineData(1500, 64, 64)]
    [InlineData(101, 128, 32)]
    [InlineData(40, 72, 16)]
    [InlineData(50, 24, 12)]
    [InlineData(30, 5, 8)]
    public void WeightedSumInPiecesEqualsOneCall(int rows, int d, int piece)
    {
        var rng = new Random(83);
        Guarded p = Random(rng, rows), v = Random(rng, rows * d, 2f);
        var whole = new float[d];
        AttentionRows.WeightedSum(p.Span, v.Span, whole);
        float[] pieces = Random(rng, d, 5f).Span.ToArray();
        for (int j0 = 0; j0 < rows; j0 += piece)
        {
            int n = Math.Min(piece, rows - j0);
            AttentionRows.WeightedSum(p.Span.Slice(j0, n), v.Span.Slice(j0 * d, n * d), pieces, accumulate: j0 > 0);
        }

        Assert.Equal(whole, pieces);
    }

    [Theory]
    [InlineData(3, 1f)]
    [InlineData(8, 0.125f)]
    [InlineData(1500, 0.125f)]
    [InlineData(37, 2f)]
    public void SoftmaxMatchesReference(int n, float scale)
    {
        var rng = new Random(97);
        float[] expected = Random(rng, n, 40f).Span.ToArray();
        float[] actual = [.. expected];
        AttentionRows.SoftmaxReference(expected, scale);
        AttentionRows.Softmax(actual, scale);
        Close(expected, actual, 1e-6f, "softmax");
        Assert.Equal(1.0, actual.Sum(x => (double)x), 5);
    }

    [Fact]
    public void SoftmaxGivesZeroToMaskedKeys()
    {
        float[] row = [1f, float.NegativeInfinity, 2f, 0.5f, float.NegativeInfinity, 3f, 1f, 1f, 2f];
        AttentionRows.Softmax(row, 1f);
        Assert.True(row[1] < 1e-30f && row[4] < 1e-30f);
        Assert.Equal(1.0, row.Sum(x => (double)x), 5);
    }
}
