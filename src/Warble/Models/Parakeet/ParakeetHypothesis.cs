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
}
