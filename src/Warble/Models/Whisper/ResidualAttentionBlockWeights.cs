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
    /// <summary>Reads <c>{prefix}.attn_ln</c>, <c>.attn</c>, <c>.cross_attn_ln</c>, <c>.cross_attn</c>, <c>.mlp_ln</c>, <c>.mlp.0</c>, <c>.mlp.2</c>.</summary>
    public static ResidualAttentionBlockWeights Load(WeightSource source, string prefix, int nState, bool crossAttention)
    {
        int nMlp = nState * 4;
        return new ResidualAttentionBlockWeights(
            LayerNormWeights.Load(source, prefix + ".attn_ln", nState),
            MultiHeadAttentionWeights.Load(source, prefix + ".attn", nState),
            crossAttention ? LayerNormWeights.Load(source, prefix + ".cross_attn_ln", nState) : null,
            crossAttention ? MultiHeadAttentionWeights.Load(source, prefix + ".cross_attn", nState) : null,
            LayerNormWeights.Load(source, prefix + ".mlp_ln", nState),
            LinearWeights.Load(source, prefix + ".mlp.0", nMlp, nState),
            LinearWeights.Load(source, prefix + ".mlp.2", nState, nMlp));
    }
}
