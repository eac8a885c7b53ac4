using System.Runtime.InteropServices;

namespace Warble.Models.Parakeet;

/// <summary>
/// A decoded utterance, as NeMo's <c>Hypothesis</c>: token ids (y_sequence) in emission order, the encoder frame each
/// was emitted at (timestamp), for TDT the duration each predicted (value from the table), and the score (sum of
/// the emitted tokens' log-probabilities, NeMo's CPU score).
/// </summary>
internal sealed record ParakeetHypothesis(int[] Tokens, int[] Timesteps, int[]? TokenDurations, float Score)
{
    /// <summary>
    /// Per token, its log-probability among the tokens and the blank (the duration logits of TDT excluded), for word
    /// confidences; null where the decoder does not record them.
    /// </summary>
    public float[]? TokenLogProbs { get; init; }

    /// <summary>A decoder's running lists from token <paramref name="first"/> on; the score is the whole one's.</summary>
    public static ParakeetHypothesis FromTail(int first, List<int> tokens, List<int> timesteps, List<int>? durations, List<float> logProbs, float score) =>
        new(Tail(tokens, first), Tail(timesteps, first), durations is null ? null : Tail(durations, first), score) { TokenLogProbs = Tail(logProbs, first) };

    private static T[] Tail<T>(List<T> list, int first) => CollectionsMarshal.AsSpan(list)[first..].ToArray();
}
