namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Masks or penalises one sequence's next-token logits in place, as openai-whisper's
/// <c>LogitFilter.apply</c> (applied row by row here).
/// </summary>
internal interface ILogitFilter
{
    /// <param name="logits">[n_vocab] logits at the current step.</param>
    /// <param name="tokens">all tokens of the sequence so far, start sequence and prompt included.</param>
    void Apply(Span<float> logits, ReadOnlySpan<int> tokens);
}
