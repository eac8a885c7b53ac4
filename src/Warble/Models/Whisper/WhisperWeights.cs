using Warble.Formats;
using Warble.Models.Common;

namespace Warble.Models.Whisper;

/// <summary>
/// Whisper's weight table: every tensor openai-whisper's <c>Whisper</c> module holds, by its state-dict key, with the
/// shape its <c>ModelDimensions</c> imply. The loaders check files against it and the modules read their weights
/// through it, so a key is spelled in this file only.
/// </summary>
internal static class WhisperWeights
{
    public static void Check(WhisperDimensions dims, WeightSet weights) => WeightTable.Check(weights, Table(dims));

    /// <summary>Every entry, in the order of openai-whisper's state dict.</summary>
    public static IEnumerable<TensorSpec> Table(WhisperDimensions dims) => EncoderNames.Of(dims).Tensors.Concat(DecoderNames.Of(dims).Tensors);

    /// <summary>As openai-whisper <c>AudioEncoder</c>: conv1, conv2 (kernel 3), positional_embedding, blocks, ln_post.</summary>
    internal sealed record EncoderNames(LinearSpec Conv1, LinearSpec Conv2, TensorSpec PositionalEmbedding, BlockNames[] Blocks, LayerNormSpec LnPost)
    {
        public static EncoderNames Of(WhisperDimensions dims)
        {
            int s = dims.NAudioState;
            return new(
                LinearSpec.Of("encoder.conv1", [s, dims.NMels, 3]),
                LinearSpec.Of("encoder.conv2", [s, s, 3]),
                new TensorSpec("encoder.positional_embedding", [dims.NAudioCtx, s]),
                [.. Enumerable.Range(0, dims.NAudioLayer).Select(i => BlockNames.Of($"encoder.blocks.{i}", s, crossAttention: false))],
                LayerNormSpec.Of("encoder.ln_post", s));
        }

        public IEnumerable<TensorSpec> Tensors =>
            [.. Conv1.Tensors, .. Conv2.Tensors, PositionalEmbedding, .. Blocks.SelectMany(b => b.Tensors), .. LnPost.Tensors];
    }

    /// <summary>As openai-whisper <c>TextDecoder</c>: token_embedding (also the output projection), positional_embedding, blocks, ln.</summary>
    internal sealed record DecoderNames(TensorSpec TokenEmbedding, TensorSpec PositionalEmbedding, BlockNames[] Blocks, LayerNormSpec Ln)
    {
        public static DecoderNames Of(WhisperDimensions dims)
        {
            int t = dims.NTextState;
            return new(
                new TensorSpec("decoder.token_embedding.weight", [dims.NVocab, t]),
                new TensorSpec("decoder.positional_embedding", [dims.NTextCtx, t]),
                [.. Enumerable.Range(0, dims.NTextLayer).Select(i => BlockNames.Of($"decoder.blocks.{i}", t, crossAttention: true))],
                LayerNormSpec.Of("decoder.ln", t));
        }

        public IEnumerable<TensorSpec> Tensors => [TokenEmbedding, PositionalEmbedding, .. Blocks.SelectMany(b => b.Tensors), .. Ln.Tensors];
    }

    /// <summary>As openai-whisper <c>ResidualAttentionBlock</c>: attn, optional cross_attn, each with its LayerNorm, and the mlp.</summary>
    internal sealed record BlockNames(
        AttentionNames Attn, LayerNormSpec AttnLn, AttentionNames? CrossAttn, LayerNormSpec? CrossAttnLn, LinearSpec Mlp0, LinearSpec Mlp2, LayerNormSpec MlpLn)
    {
        public static BlockNames Of(string prefix, int state, bool crossAttention) => new(
            AttentionNames.Of(prefix + ".attn", state),
            LayerNormSpec.Of(prefix + ".attn_ln", state),
            crossAttention ? AttentionNames.Of(prefix + ".cross_attn", state) : null,
            crossAttention ? LayerNormSpec.Of(prefix + ".cross_attn_ln", state) : null,
            LinearSpec.Of(prefix + ".mlp.0", 4 * state, state),
            LinearSpec.Of(prefix + ".mlp.2", state, 4 * state),
            LayerNormSpec.Of(prefix + ".mlp_ln", state));

        public IEnumerable<TensorSpec> Tensors =>
        [
            .. Attn.Tensors, .. AttnLn.Tensors,
            .. CrossAttn?.Tensors ?? [], .. CrossAttnLn?.Tensors ?? [],
            .. Mlp0.Tensors, .. Mlp2.Tensors, .. MlpLn.Tensors,
        ];
    }

    /// <summary>As openai-whisper <c>MultiHeadAttention</c>: query, key (no bias), value, out.</summary>
    internal sealed record AttentionNames(LinearSpec Query, LinearSpec Key, LinearSpec Value, LinearSpec Out)
    {
        public static AttentionNames Of(string prefix, int state) => new(
            LinearSpec.Of(prefix + ".query", state, state),
            LinearSpec.Of(prefix + ".key", state, state, hasBias: false),
            LinearSpec.Of(prefix + ".value", state, state),
            LinearSpec.Of(prefix + ".out", state, state));

        public IEnumerable<TensorSpec> Tensors => [.. Query.Tensors, .. Key.Tensors, .. Value.Tensors, .. Out.Tensors];
    }
}
