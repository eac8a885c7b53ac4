using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>RelPositionMultiHeadAttention.forward</c> (Transformer-XL): linear_q/k/v, p = linear_pos(pos_emb)
/// (never a bias), scores with pos_bias_u and pos_bias_v and rel_shift, masked softmax, linear_out.
/// </summary>
internal sealed class RelPositionMultiHeadAttention
{
    private readonly LinearWeights linearQ, linearK, linearV, linearOut, linearPos;
    private readonly float[] posBiasU, posBiasV;
    private readonly int nHeads;

    public RelPositionMultiHeadAttention(WeightSource source, ParakeetWeights.AttentionNames names, ConformerEncoderConfig config)
    {
        nHeads = config.NHeads;
        linearQ = LinearWeights.Load(source, names.LinearQ);
        linearK = LinearWeights.Load(source, names.LinearK);
        linearV = LinearWeights.Load(source, names.LinearV);
        linearOut = LinearWeights.Load(source, names.LinearOut);
        linearPos = LinearWeights.Load(source, names.LinearPos);
        posBiasU = source.Floats(names.PosBiasU);
        posBiasV = source.Floats(names.PosBiasV);
    }

    /// <summary>p = linear_pos(pos_emb) into <see cref="ConformerWorkspace.Pos"/>.</summary>
    public void LinearPos(int frames, ConformerWorkspace ws) => Nn.Linear(ws.PosEmb, (2 * frames) - 1, linearPos, ws.Pos);

    /// <summary>Self-attention of x [frames, d] (the first <paramref name="valid"/> frames unmasked) into output [frames, d].</summary>
    public void Forward(ReadOnlySpan<float> x, int frames, int valid, ConformerWorkspace ws, Span<float> output)
    {
        ForwardQkv(x, frames, ws);
        LinearPos(frames, ws);
        RelPositionAttention.Apply(ws.Query, ws.Key, ws.Value, ws.Pos, posBiasU, posBiasV, frames, valid, nHeads, ws.Attention, ws.Attended);
        Nn.Linear(ws.Attended, frames, linearOut, output);
    }

    /// <summary>
    /// As NeMo <c>RelPositionMultiHeadAttentionLongformer.forward</c> (global_tokens 0), the same weights: each of the
    /// first <paramref name="valid"/> frames attends to the valid frames within <paramref name="context"/>; pos_emb in
    /// <see cref="ConformerWorkspace.PosEmb"/> is the <see cref="LocalAttRelPositionalEncoding"/> of frames.
    /// </summary>
    public void ForwardLocal(ReadOnlySpan<float> x, int frames, int valid, AttContextSize context, ConformerWorkspace ws, Span<float> output)
    {
        ForwardQkv(x, frames, ws);
        Nn.Linear(ws.PosEmb, context.ClampedTo(frames).Positions, linearPos, ws.Pos);
        RelPositionLocalAttention.Apply(ws.Query, ws.Key, ws.Value, ws.Pos, posBiasU, posBiasV, frames, valid, nHeads, context, ws.LocalAttention,
            ws.Attended);
        Nn.Linear(ws.Attended, frames, linearOut, output);
    }

    /// <summary>linear_q, linear_k and linear_v of x into the workspace (NeMo <c>forward_qkv</c>).</summary>
    private void ForwardQkv(ReadOnlySpan<float> x, int frames, ConformerWorkspace ws)
    {
        Nn.Linear(x, frames, linearQ, ws.Query);
        Nn.Linear(x, frames, linearK, ws.Key);
        Nn.Linear(x, frames, linearV, ws.Value);
    }
}
