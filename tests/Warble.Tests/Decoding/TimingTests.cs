using Warble.Models.Whisper.Timing;

namespace Warble.Tests.Decoding;

public class TimingTests
{
    [Fact]
    public void DtwFollowsTheCheapestPathAndPrefersTheLeftMoveOnTies()
    {
        // cost 0 on the diagonal of a 3x3 matrix, 1 elsewhere: the path is the diagonal
        double[] x = [0, 1, 1, 1, 0, 1, 1, 1, 0];
        var (text, time) = Dtw.Compute(x, 3, 3);
        Assert.Equal([0, 1, 2], text);
        Assert.Equal([0, 1, 2], time);

        // one row, three columns: only horizontal moves after the first step
        (text, time) = Dtw.Compute([5, 5, 5], 1, 3);
        Assert.Equal([0, 0, 0], text);
        Assert.Equal([0, 1, 2], time);

        // all equal costs: the last cell's three-way tie goes to the left move (t = 2)
        (text, time) = Dtw.Compute([0, 0, 0, 0], 2, 2);
        Assert.Equal([0, 1, 1], text);
        Assert.Equal([0, 0, 1], time);
    }

    [Fact]
    public void DtwOnATallMatrixStaysOnTheCheapColumn()
    {
        // 3 tokens, 2 frames; tokens 0-1 cheap at frame 0, token 2 cheap at frame 1
        double[] x = [-1, 0, -1, 0, 0, -1];
        var (text, time) = Dtw.Compute(x, 3, 2);
        Assert.Equal([0, 1, 2, 2], text);
        Assert.Equal([0, 0, 0, 1], time);
    }

    [Fact]
    public void MedianFilterUsesReflectPadding()
    {
        float[] x = [1, 9, 2, 8, 3, 7, 4];
        MedianFilter.Apply(x, 7, 3);

        // reflect: [9, 1, 9, 2, 8, 3, 7, 4, 7]
        Assert.Equal([9f, 2f, 8f, 3f, 7f, 4f, 7f], x);

        float[] shortRow = [3, 1, 2];
        MedianFilter.Apply(shortRow, 3, 7);
        Assert.Equal([3f, 1f, 2f], shortRow); // no wider than the padding: unchanged
    }

    [Fact]
    public void MedianFilterOfWidthSevenFiltersEachRow()
    {
        float[] x = [0, 0, 0, 10, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6];
        MedianFilter.Apply(x, 7, 7);
        Assert.Equal([0f, 0f, 0f, 0f, 0f, 0f, 0f], x[..7]);
        Assert.Equal([2f, 2f, 2f, 3f, 4f, 4f, 4f], x[7..]);
    }

    [Fact]
    public void MergePunctuationsMatchesOpenai()
    {
        var alignment = new List<WordTiming>
        {
            new(" \"", [1], 0, 1, 0.5),
            new(" Hello", [2], 1, 2, 0.5),
            new(",", [3], 2, 3, 0.5),
            new(" world", [4], 3, 4, 0.5),
            new(".", [5], 4, 5, 0.5),
        };
        WordTimestamps.MergePunctuations(alignment, WordTimestamps.DefaultPrependPunctuations, WordTimestamps.DefaultAppendPunctuations);

        Assert.Equal(["", " \" Hello,", "", " world.", ""], alignment.Select(a => a.Word));
        Assert.Equal([1, 2, 3], alignment[1].Tokens);
        Assert.Equal([4, 5], alignment[3].Tokens);
    }

    [Fact]
    public void WordSplittingOnSpacesKeepsPunctuationAndSpecialsApart()
    {
        var (words, tokens) = WordSplitter.Split(new FakeTokenizer(), "en", [3, 41, 4, 40, FakeTokenizer.Eot]);
        Assert.Equal([" w3", ",", " w4", ".", "<|special50|>"], words);
        Assert.Equal(5, tokens.Count);
    }

    [Fact]
    public void NumpyMeanUsesPairwiseSummationAndRoundIsNumpys()
    {
        double[] small = [0.1, 0.2, 0.3];
        Assert.Equal((0.1 + 0.2 + 0.3) / 3, NumpyMath.Mean(small));
        var large = Enumerable.Range(0, 20).Select(i => 0.1 * i).ToArray();
        double[] r = [.. large[..8]];
        for (int i = 8; i < 16; i++)
        {
            r[i - 8] += large[i];
        }

        double pairwise = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        pairwise = pairwise + large[16] + large[17] + large[18] + large[19];
        Assert.Equal(pairwise / 20, NumpyMath.Mean(large));
        Assert.Equal(2.5, NumpyMath.Median([3.0, 1.0, 2.0, 4.0]));
        Assert.Equal(8.2, NumpyMath.Round2(8.2));
        Assert.Equal(1.0, NumpyMath.Round2(1.005)); // 100.49999999999999 → 100
    }
}
