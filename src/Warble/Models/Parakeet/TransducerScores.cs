using Warble.Tensors.Simd;

namespace Warble.Models.Parakeet;

/// <summary>
/// What greedy transducer decoding records for an emitted token, from the joint's raw logits: its log-probability over
/// every output (NeMo's <c>log_softmax</c> over the joint's output: tokens, blank and any durations) and over tokens and
/// blank alone (the label log-softmax of NeMo's TDT computers). The greedy choices are argmaxes, which a log-softmax
/// does not move, so a blank needs no exponentials and a token one pass over the labels; a log-softmax of the whole row
/// per step and a second pass for the label probability took a tenth of a batched step per row.
/// </summary>
internal static class TransducerScores
{
    /// <param name="logits">The joint's output: <paramref name="labels"/> tokens and blank, then the durations (if any).</param>
    /// <param name="token">The argmax over the labels.</param>
    /// <returns>log p(token) over all outputs and over the labels; the same for RNN-T, which has no durations.</returns>
    public static (float LogProb, float LabelLogProb) Of(ReadOnlySpan<float> logits, int labels, int token)
    {
        // logits[token] is the labels' maximum, so each log-probability is −log Σ e^(x − max).
        float max = logits[token];
        double labelSum = FastExp.SumOfExp(logits[..labels], max), sum = labelSum;
        foreach (float duration in logits[labels..])
        {
            sum += Math.Exp(duration - max);
        }

        return ((float)-Math.Log(sum), (float)-Math.Log(labelSum));
    }
}
