namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The text decoder bound to one 30-s window whose encoder output (and so the cross-attention
/// keys/values) is already computed. Plays the role of openai-whisper's <c>PyTorchInference</c>:
/// a self-attention KV cache per sequence, grown by <see cref="Forward"/>.
/// </summary>
internal interface IWhisperDecoderSession
{
    /// <summary>Vocabulary size (the width of one logits row).</summary>
    int NVocab { get; }

    /// <summary>Empties the KV cache and sizes it for <paramref name="batch"/> sequences.</summary>
    void Reset(int batch);

    /// <summary>
    /// Appends <paramref name="count"/> new tokens to each of the <paramref name="batch"/> sequences
    /// (their KV caches grow by <paramref name="count"/>) and writes the logits at the requested
    /// positions, relative to the new tokens.
    /// </summary>
    /// <param name="tokens">[batch, count] new token ids.</param>
    /// <param name="logitPositions">positions in 0..count-1 whose logits are wanted (may repeat).</param>
    /// <param name="logits">[batch, logitPositions.Length, NVocab] destination.</param>
    void Forward(ReadOnlySpan<int> tokens, int batch, int count, ReadOnlySpan<int> logitPositions, Span<float> logits);

    /// <summary>
    /// Rearranges the KV caches so that sequence i continues from former sequence
    /// <c>sourceIndices[i]</c> (openai <c>rearrange_kv_cache</c>, used by beam search).
    /// </summary>
    void Reorder(ReadOnlySpan<int> sourceIndices);
}
