namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Chooses the next tokens from the filtered logits and finally lists the candidate sequences, as
/// openai-whisper's <c>TokenDecoder</c> (<c>GreedyDecoder</c>, <c>BeamSearchDecoder</c>).
/// </summary>
internal interface ITokenDecoder
{
    /// <summary>Forgets the state of a previous decode.</summary>
    void Reset();

    /// <summary>
    /// Appends the selected next token to every row of <paramref name="tokens"/>, updates the
    /// cumulative log-probabilities and returns whether decoding is complete.
    /// </summary>
    /// <param name="logits">[batch, n_vocab] filtered logits at the current step.</param>
    /// <param name="sumLogprobs">[batch] cumulative log-probabilities (float32, as in torch).</param>
    bool Update(TokenBuffer tokens, ReadOnlySpan<float> logits, Span<float> sumLogprobs);

    /// <summary>
    /// The final candidates (whole sequences, each ending with at least one eot) and their
    /// cumulative log-probabilities, in openai's order.
    /// </summary>
    IReadOnlyList<(int[] Tokens, double SumLogprob)> Finalize(TokenBuffer tokens, ReadOnlySpan<float> sumLogprobs);
}
