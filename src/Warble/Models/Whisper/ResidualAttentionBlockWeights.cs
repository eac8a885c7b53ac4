using Warble.Models.Common;

namespace Warble.Models.Whisper;

/// <summary>Weights of openai-whisper's <c>ResidualAttentionBlock</c>; cross-attention only in decoder blocks.</summary>
internal sealed record ResidualAttentionBlockWeights(
    LayerNormWeights AttnLn,
    MultiHeadAttentionWeights Attn,
    LayerNormWeights? CrossAttnLn,
    MultiHeadAttentionWeights? CrossAttn,
    LayerNormWeights MlpLn,
    LinearWeights Mlp0,
    LinearWeights Mlp2)
{
    public static ResidualAttentionBlockWeights Load(WeightSource source, WhisperWeights.BlockNames names) => new(
        LayerNormWeights.Load(source, names.AttnLn),
        MultiHeadAttentionWeights.Load(source, names.Attn),
        names.CrossAttnLn is { } crossLn ? LayerNormWeights.Load(source, crossLn) : null,
        names.CrossAttn is { } cross ? MultiHeadAttentionWeights.Load(source, cross) : null,
        LayerNormWeights.Load(source, names.MlpLn),
        LinearWeights.Load(source, names.Mlp0),
        LinearWeights.Load(source, names.Mlp2));
}
