using Warble.Formats;

namespace Warble.Models.Whisper;

/// <summary>
/// Whisper's weight table: every tensor openai-whisper's <c>Whisper</c> module holds, by its
/// state-dict key, with the shape its <c>ModelDimensions</c> imply. All loaders check against it.
/// </summary>
internal static class WhisperWeights
{
    public static void Check(WhisperDimensions dims, WeightSet weights) => WeightTable.Check(weights, Table(dims));

    public static IEnumerable<(string Name, int[] Shape)> Table(WhisperDimensions dims)
    {
        int s = dims.NAudioState;
        yield return ("encoder.conv1.weight", [s, dims.NMels, 3]);
        yield return ("encoder.conv1.bias", [s]);
        yield return ("encoder.conv2.weight", [s, s, 3]);
        yield return ("encoder.conv2.bias", [s]);
        yield return ("encoder.positional_embedding", [dims.NAudioCtx, s]);
        for (int i = 0; i < dims.NAudioLayer; i++)
        {
            foreach (var entry in Block($"encoder.blocks.{i}.", s, crossAttention: false))
            {
                yield return entry;
            }
        }

        yield return ("encoder.ln_post.weight", [s]);
        yield return ("encoder.ln_post.bias", [s]);
        int t = dims.NTextState;
        yield return ("decoder.token_embedding.weight", [dims.NVocab, t]);
        yield return ("decoder.positional_embedding", [dims.NTextCtx, t]);
        for (int i = 0; i < dims.NTextLayer; i++)
        {
            foreach (var entry in Block($"decoder.blocks.{i}.", t, crossAttention: true))
            {
                yield return entry;
            }
        }

        yield return ("decoder.ln.weight", [t]);
        yield return ("decoder.ln.bias", [t]);
    }

    /// <summary>As openai-whisper <c>ResidualAttentionBlock</c>: attn (key has no bias), optional cross_attn, mlp.</summary>
    private static IEnumerable<(string Name, int[] Shape)> Block(string p, int s, bool crossAttention)
    {
        string[] attentions = crossAttention ? ["attn", "cross_attn"] : ["attn"];
        foreach (string attn in attentions)
        {
            yield return ($"{p}{attn}.query.weight", [s, s]);
            yield return ($"{p}{attn}.query.bias", [s]);
            yield return ($"{p}{attn}.key.weight", [s, s]);
            yield return ($"{p}{attn}.value.weight", [s, s]);
            yield return ($"{p}{attn}.value.bias", [s]);
            yield return ($"{p}{attn}.out.weight", [s, s]);
            yield return ($"{p}{attn}.out.bias", [s]);
            yield return ($"{p}{attn}_ln.weight", [s]);
            yield return ($"{p}{attn}_ln.bias", [s]);
        }

        yield return ($"{p}mlp.0.weight", [4 * s, s]);
        yield return ($"{p}mlp.0.bias", [4 * s]);
        yield return ($"{p}mlp.2.weight", [s, 4 * s]);
        yield return ($"{p}mlp.2.bias", [s]);
        yield return ($"{p}mlp_ln.weight", [s]);
        yield return ($"{p}mlp_ln.bias", [s]);
    }
}
