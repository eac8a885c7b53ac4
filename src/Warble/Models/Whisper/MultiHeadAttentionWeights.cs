using Warble.Models.Common;

namespace Warble.Models.Whisper;

/// <summary>Weights of openai-whisper's <c>MultiHeadAttention</c>: query, key (no bias), value, out.</summary>
internal sealed record MultiHeadAttentionWeights(LinearWeights Query, LinearWeights Key, LinearWeights Value, LinearWeights Out)
{
    public static MultiHeadAttentionWeights Load(WeightSource source, WhisperWeights.AttentionNames names) => new(
        LinearWeights.Load(source, names.Query),
        LinearWeights.Load(source, names.Key),
        LinearWeights.Load(source, names.Value),
        LinearWeights.Load(source, names.Out));
}
