using Warble.Models.Common;

namespace Warble.Models.Whisper;

/// <summary>Weights of openai-whisper's <c>MultiHeadAttention</c>: query, key (no bias), value, out.</summary>
internal sealed record MultiHeadAttentionWeights(LinearWeights Query, LinearWeights Key, LinearWeights Value, LinearWeights Out)
{
    public static MultiHeadAttentionWeights Load(WeightSource source, string prefix, int nState) => new(
        LinearWeights.Load(source, prefix + ".query", nState, nState),
        LinearWeights.Load(source, prefix + ".key", nState, nState, hasBias: false),
        LinearWeights.Load(source, prefix + ".value", nState, nState),
        LinearWeights.Load(source, prefix + ".out", nState, nState));
}
