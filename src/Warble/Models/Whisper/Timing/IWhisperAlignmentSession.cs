namespace Warble.Models.Whisper.Timing;

/// <summary>
/// What word timestamps need from the model for one window (openai <c>find_alignment</c> runs one
/// forward pass of the whole token sequence with hooks on the cross-attention).
/// </summary>
internal interface IWhisperAlignmentSession
{
    /// <summary>Number of alignment heads (openai <c>model.alignment_heads</c>, in its order).</summary>
    int AlignmentHeadCount { get; }

    /// <summary>Vocabulary size (the width of one logits row).</summary>
    int NVocab { get; }

    /// <summary>Number of encoder frames (n_audio_ctx), the last dimension of the scores.</summary>
    int NAudioCtx { get; }

    /// <summary>
    /// Runs the decoder without KV cache on <paramref name="tokens"/> (one sequence) against the
    /// window's encoder output.
    /// </summary>
    /// <param name="crossQk">[heads, tokens, NAudioCtx]: the alignment heads' cross-attention scores
    /// before softmax, as the reference's <c>qk</c> (q·kᵀ with both sides scaled by d^-0.25).</param>
    /// <param name="logitPositions">the token positions whose logits are wanted.</param>
    /// <param name="logits">[logitPositions.Length, n_vocab] destination.</param>
    void ForwardWithCrossAttention(ReadOnlySpan<int> tokens, Span<float> crossQk, ReadOnlySpan<int> logitPositions, Span<float> logits);
}
