using Warble.Models.Common;
using Warble.Tensors.Gemm.Int8;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>ConformerEncoder.forward</c>: pre_encode (<see cref="ConvSubsampling"/>) → pos_enc (xscale, pos_emb) →
/// layers with pad_mask/att_mask from the valid length. self_attention_model rel_pos (full context,
/// att_context_size [−1, −1]) or rel_pos_local_attn (<see cref="LocalAttRelPositionalEncoding"/> and
/// <see cref="ConformerLayer.ForwardLocal"/>). The output is time-major [frames, d_model] (NeMo returns [B, d_model, T]).
/// </summary>
internal sealed class ConformerEncoder
{
    private readonly ConformerEncoderConfig config;
    private ConformerWorkspace? idleWorkspace;

    public ConformerEncoder(WeightSource source, ConformerEncoderConfig config)
    {
        config.Validate(source.ModelName);
        this.config = config;
        var names = ParakeetWeights.EncoderNames.Of(config);
        PreEncode = new ConvSubsampling(source, names.PreEncode, config);
        PosEnc = new RelPositionalEncoding(config.DModel, config.XScaling);
        Layers = [.. names.Layers.Select(layer => new ConformerLayer(source, layer, config))];
    }

    private ConformerEncoder(ConformerEncoder weights, ConformerEncoderConfig config)
    {
        this.config = config;
        PreEncode = weights.PreEncode;
        PosEnc = weights.PosEnc;
        Layers = weights.Layers;
    }

    public ConformerEncoderConfig Config => config;

    public ConvSubsampling PreEncode { get; }

    public RelPositionalEncoding PosEnc { get; }

    public ConformerLayer[] Layers { get; }

    /// <summary>
    /// This encoder's weights with local attention of <paramref name="left"/> and <paramref name="right"/> frames of
    /// context, as NeMo <c>ConformerEncoder.change_attention_model("rel_pos_local_attn", [left, right])</c>.
    /// </summary>
    public ConformerEncoder WithLocalAttention(int left, int right) => new(this, config.WithLocalAttention(left, right));

    /// <summary>Encoder frames for <paramref name="frames"/> feature frames (the tensor size; lengths follow the same arithmetic).</summary>
    public int OutputFrames(int frames) => PreEncode.OutputSize(frames);

    /// <summary>Encodes one utterance.</summary>
    /// <param name="features">[feat_in, frames], channel-major as the preprocessor returns it (the padded tail included).</param>
    /// <param name="length">Valid feature frames.</param>
    /// <param name="output">[OutputFrames(frames), d_model].</param>
    /// <param name="workspace">Scratch for at least OutputFrames(frames) frames, or null for the encoder's own: planned on
    /// first use, grown with the input and kept for the next call (a concurrent call plans its own).</param>
    /// <returns>encoded_length, the valid encoder frames.</returns>
    public int Forward(ReadOnlySpan<float> features, int frames, int length, Span<float> output, ConformerWorkspace? workspace = null)
    {
        using Int8Compute.Scope int8 = Int8Compute.Region();
        if (features.Length != config.FeatIn * frames || length < 0 || length > frames)
        {
            throw new ArgumentException($"the encoder takes [{config.FeatIn}, frames] features with 0 ≤ length ≤ frames; got {features.Length} values, {frames} frames, length {length}");
        }

        int t = OutputFrames(frames);
        ConformerWorkspace? idle = workspace == null ? Interlocked.Exchange(ref idleWorkspace, null) : null;
        ConformerWorkspace ws = workspace ?? (idle is { } p && p.MaxFrames >= t ? p : new ConformerWorkspace(config, t));
        if (ws.MaxFrames < t)
        {
            throw new ArgumentException($"the workspace holds {ws.MaxFrames} encoder frames; this input needs {t}");
        }

        Span<float> x = output[..(t * config.DModel)];
        int valid = PreEncode.Forward(features, frames, length, x);
        PosEnc.ScaleInput(x);
        if (config.LocalAttention is { } context)
        {
            LocalAttentionLayers(x, t, valid, context, ws);
        }
        else
        {
            FullAttentionLayers(x, t, valid, ws);
        }

        if (workspace == null)
        {
            idleWorkspace = ws;
        }

        return valid;
    }

    private void FullAttentionLayers(Span<float> x, int frames, int valid, ConformerWorkspace ws)
    {
        PosEnc.PositionalEmbedding(frames, ws.PosEmb);
        foreach (ConformerLayer layer in Layers)
        {
            layer.Forward(x, frames, valid, ws);
        }
    }

    private void LocalAttentionLayers(Span<float> x, int frames, int valid, AttContextSize context, ConformerWorkspace ws)
    {
        new LocalAttRelPositionalEncoding(config.DModel, context).PositionalEmbedding(frames, ws.PosEmb);
        foreach (ConformerLayer layer in Layers)
        {
            layer.ForwardLocal(x, frames, valid, context, ws);
        }
    }
}
