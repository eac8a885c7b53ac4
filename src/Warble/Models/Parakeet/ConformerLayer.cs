using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>ConformerLayer.forward</c>, fc_factor = 0.5: x += ½·FF1(LN(x)); x += MHA(LN(x)); x += Conv(LN(x));
/// x += ½·FF2(LN(x)); x = norm_out(x). Dropout is identity in eval.
/// </summary>
internal sealed class ConformerLayer
{
    private const float FcFactor = 0.5f;

    public ConformerLayer(WeightSource source, ParakeetWeights.LayerNames names, ConformerEncoderConfig config)
    {
        NormFeedForward1 = LayerNormWeights.Load(source, names.NormFeedForward1);
        FeedForward1 = new ConformerFeedForward(source, names.FeedForward1);
        NormSelfAtt = LayerNormWeights.Load(source, names.NormSelfAtt);
        SelfAttn = new RelPositionMultiHeadAttention(source, names.SelfAttn, config);
        NormConv = LayerNormWeights.Load(source, names.NormConv);
        Conv = new ConformerConvolution(source, names.Conv, config);
        NormFeedForward2 = LayerNormWeights.Load(source, names.NormFeedForward2);
        FeedForward2 = new ConformerFeedForward(source, names.FeedForward2);
        NormOut = LayerNormWeights.Load(source, names.NormOut);
    }

    public LayerNormWeights NormFeedForward1 { get; }

    public ConformerFeedForward FeedForward1 { get; }

    public LayerNormWeights NormSelfAtt { get; }

    public RelPositionMultiHeadAttention SelfAttn { get; }

    public LayerNormWeights NormConv { get; }

    public ConformerConvolution Conv { get; }

    public LayerNormWeights NormFeedForward2 { get; }

    public ConformerFeedForward FeedForward2 { get; }

    public LayerNormWeights NormOut { get; }

    /// <summary>One layer over x [frames, d] in place; pos_emb is already in <see cref="ConformerWorkspace.PosEmb"/>.</summary>
    public void Forward(Span<float> x, int frames, int valid, ConformerWorkspace ws)
    {
        Span<float> residualTerm = ws.Projected.AsSpan(0, x.Length);
        FeedForward1Block(x, frames, ws, residualTerm);
        SelfAttn.Forward(ws.Normed, frames, valid, ws, residualTerm);
        ConvAndFeedForward2Blocks(x, frames, valid, ws, residualTerm);
    }

    /// <summary>
    /// One layer with self_attention_model rel_pos_local_attn (NeMo calls <c>self_attn</c> with pad_mask rather than
    /// att_mask); pos_emb is <see cref="LocalAttRelPositionalEncoding"/>'s.
    /// </summary>
    public void ForwardLocal(Span<float> x, int frames, int valid, AttContextSize context, ConformerWorkspace ws)
    {
        Span<float> residualTerm = ws.Projected.AsSpan(0, x.Length);
        FeedForward1Block(x, frames, ws, residualTerm);
        SelfAttn.ForwardLocal(ws.Normed, frames, valid, context, ws, residualTerm);
        ConvAndFeedForward2Blocks(x, frames, valid, ws, residualTerm);
    }

    /// <summary>x += ½·FF1(LN(x)), then norm_self_att(x) into <see cref="ConformerWorkspace.Normed"/>.</summary>
    private void FeedForward1Block(Span<float> x, int frames, ConformerWorkspace ws, Span<float> residualTerm)
    {
        Nn.LayerNorm(x, frames, NormFeedForward1, ws.Normed);
        FeedForward1.Forward(ws.Normed, frames, ws, residualTerm);
        Nn.AddAndNormalize(x, residualTerm, FcFactor, frames, NormSelfAtt, ws.Normed);
    }

    /// <summary>x += attention (in <paramref name="residualTerm"/>); x += Conv(LN(x)); x += ½·FF2(LN(x)); x = norm_out(x).</summary>
    private void ConvAndFeedForward2Blocks(Span<float> x, int frames, int valid, ConformerWorkspace ws, Span<float> residualTerm)
    {
        Nn.AddAndNormalize(x, residualTerm, 1f, frames, NormConv, ws.Normed);
        Conv.Forward(ws.Normed, frames, valid, ws, residualTerm);
        Nn.AddAndNormalize(x, residualTerm, 1f, frames, NormFeedForward2, ws.Normed);
        FeedForward2.Forward(ws.Normed, frames, ws, residualTerm);
        Nn.AddAndNormalize(x, residualTerm, FcFactor, frames, NormOut, x);
    }
}
