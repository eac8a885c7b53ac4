using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Tensors.Parallel;

namespace Warble.Tests.Parakeet;

public class TransducerChoiceTests
{
    private const int Blank = 40, Durations = 5, Outputs = Blank + 1 + Durations;

    private static readonly WorkerPool Pair = new(2);

    /// <summary>
    /// A batch's rows chosen on the pool are each row's own choice: the argmaxes, and the scores of an emitted token;
    /// a blank (rows 2 and 5 here) carries no scores.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    public void RowsOnThePoolAreEachRowsOwnChoice(int rows)
    {
        var random = new Random(rows);
        float[] logits = [.. Enumerable.Range(0, rows * Outputs).Select(_ => (float)(random.NextDouble() * 10) - 5)];
        for (int r = 2; r < rows; r += 3)
        {
            logits[(r * Outputs) + Blank] = 9;
        }

        var choices = new TransducerChoice[rows];
        using (WorkerPool.Use(Pair))
        {
            TransducerChoice.OfRows(logits, rows, Outputs, Blank, withDurations: true, choices);
        }

        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(r * Outputs, Outputs);
            int token = Nn.Argmax(row[..(Blank + 1)]);
            Assert.Equal(token, choices[r].Token);
            Assert.Equal(Nn.Argmax(row[(Blank + 1)..]), choices[r].DurationIndex);
            (float logProb, float labelLogProb) = token == Blank ? (0f, 0f) : TransducerScores.Of(row, Blank + 1, token);
            Assert.Equal(logProb, choices[r].LogProb);
            Assert.Equal(labelLogProb, choices[r].LabelLogProb);
            Assert.Equal(r % 3 == 2, token == Blank);
        }
    }

    [Fact]
    public void WithoutDurationsTheDurationIndexIsMinusOne()
    {
        float[] logits = [1, 3, 2, 0.5f];
        TransducerChoice choice = TransducerChoice.Of(logits, blank: 3, withDurations: false);
        Assert.Equal(1, choice.Token);
        Assert.Equal(-1, choice.DurationIndex);
        Assert.Equal(TransducerScores.Of(logits, 4, 1).LogProb, choice.LogProb);
    }
}
