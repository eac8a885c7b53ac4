using Warble.Models.Common;
using Warble.Tensors.Gemm;

namespace Warble.Models.Whisper;

/// <summary>
/// As openai-whisper <c>ResidualAttentionBlock.forward</c>: x += attn(attn_ln(x)); x += cross_attn(cross_attn_ln(x), xa)
/// (decoder only); x += mlp(mlp_ln(x)) with mlp = Linear → GELU → Linear.
/// </summary>
internal sealed class ResidualAttentionBlock(ResidualAttentionBlockWeights weights, int nHead)
{
    private readonly MultiHeadAttention attn = new(weights.Attn, nHead);
    private readonly MultiHeadAttention? crossAttn = weights.CrossAttn is null ? null : new MultiHeadAttention(weights.CrossAttn, nHead);

    public MultiHeadAttention? CrossAttn => crossAttn;

    /// <summary>Encoder block over <paramref name="rows"/> frames (windows of <paramref name="windowRows"/>), in place.</summary>
    public void ForwardEncoder(Span<float> x, int rows, int windowRows, BlockWorkspace ws)
    {
        int n = rows * attn.NState;
        Nn.LayerNorm(x, rows, weights.AttnLn, ws.Normed);
        attn.SelfAttention(ws.Normed, rows, windowRows, ws, ws.Projected);
        Nn.AddAndNormalize(x[..n], ws.Projected, 1f, rows, weights.MlpLn, ws.Normed);
        Mlp(x, rows, ws);
    }

    /// <summary>Decoder block over <paramref name="count"/> new tokens of each of <paramref name="batch"/> sequences, in place.</summary>
    /// <param name="crossQueries">Empty, or receives the cross-attention queries [batch·count, n_state].</param>
    public void ForwardDecoder(Span<float> x, int batch, int count, int layer, WhisperDecoderState state, BlockWorkspace ws,
        Span<float> crossQueries = default)
    {
        int rows = batch * count;
        int n = rows * attn.NState;
        Nn.LayerNorm(x, rows, weights.AttnLn, ws.Normed);
        attn.CachedSelfAttention(ws.Normed, batch, count, layer, state, ws, ws.Projected);
        Nn.AddAndNormalize(x[..n], ws.Projected, 1f, rows, weights.CrossAttnLn!, ws.Normed);
        if (state.SharesAudio)
        {
            crossAttn!.CrossAttention(ws.Normed, rows, state.Audio[layer], ws, ws.Projected, crossQueries);
        }
        else
        {
            crossAttn!.CrossAttention(ws.Normed, batch, count, layer, state, ws, ws.Projected);
        }

        Nn.AddAndNormalize(x[..n], ws.Projected, 1f, rows, weights.MlpLn, ws.Normed);
        Mlp(x, rows, ws);
    }

    /// <summary>The MLP sub-layer on <see cref="BlockWorkspace.Normed"/> (mlp_ln(x), already computed), added to x.</summary>
    private void Mlp(Span<float> x, int rows, BlockWorkspace ws)
    {
        int n = rows * attn.NState;
        Nn.Linear(ws.Normed, rows, weights.Mlp0, ws.Hidden, Activation.Gelu);
        Nn.Linear(ws.Hidden, rows, weights.Mlp2, ws.Projected);
        Nn.Add(x[..n], ws.Projected.AsSpan(0, n));
    }
}
