using Warble.Models.Common;
using Warble.Tensors.Parallel;

namespace Warble.Models.Parakeet;

/// <summary>
/// What greedy transducer decoding takes from one row of the joint's raw logits: the argmax over tokens and blank, the
/// argmax over the durations (TDT; −1 without), and for an emitted token its <see cref="TransducerScores"/>.
/// </summary>
internal readonly record struct TransducerChoice(int Token, int DurationIndex, float LogProb, float LabelLogProb)
{
    /// <summary>Rows of a batch from which <see cref="OfRows"/> shares them out over the pool.</summary>
    private const int ParallelRows = 2;

    /// <param name="logits">Tokens and blank (<paramref name="blank"/> + 1 of them), then the durations (if any).</param>
    public static TransducerChoice Of(ReadOnlySpan<float> logits, int blank, bool withDurations)
    {
        int token = Nn.Argmax(logits[..(blank + 1)]);
        int duration = withDurations ? Nn.Argmax(logits[(blank + 1)..]) : -1;
        if (token == blank)
        {
            return new TransducerChoice(token, duration, 0, 0);
        }

        (float logProb, float labelLogProb) = TransducerScores.Of(logits, blank + 1, token);
        return new TransducerChoice(token, duration, logProb, labelLogProb);
    }

    /// <summary>
    /// The choices of rows [0, <paramref name="rows"/>) of <paramref name="logits"/> ([rows, outputs]), on the pool: in
    /// a batched step the argmaxes and exponentials of eight rows took a tenth of the step on one thread while the
    /// other waited for the next product.
    /// </summary>
    public static void OfRows(float[] logits, int rows, int outputs, int blank, bool withDurations, TransducerChoice[] choices)
    {
        var action = new RowAction(logits, outputs, blank, withDurations, choices);
        if (rows < ParallelRows)
        {
            for (int i = 0; i < rows; i++)
            {
                action.Invoke(i);
            }

            return;
        }

        WorkerPool.Current.For(rows, action);
    }

    private readonly struct RowAction(float[] logits, int outputs, int blank, bool withDurations, TransducerChoice[] choices) : IRangeAction
    {
        public void Invoke(int index) => choices[index] = Of(logits.AsSpan(index * outputs, outputs), blank, withDurations);
    }
}
