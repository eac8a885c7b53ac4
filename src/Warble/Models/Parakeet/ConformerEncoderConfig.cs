namespace Warble.Models.Parakeet;

/// <summary>
/// The <c>encoder</c> section of a Parakeet model_config.yaml (NeMo <c>ConformerEncoder</c> arguments), named after its
/// keys. Only what inference needs: dropouts, stochastic depth and streaming options are left out.
/// </summary>
/// <param name="FeatIn">feat_in: mel bins.</param>
/// <param name="NLayers">n_layers.</param>
/// <param name="DModel">d_model.</param>
/// <param name="NHeads">n_heads.</param>
/// <param name="FfExpansionFactor">ff_expansion_factor.</param>
/// <param name="SubsamplingFactor">subsampling_factor (a power of two; dw_striding subsampling).</param>
/// <param name="SubsamplingConvChannels">subsampling_conv_channels (−1 in the yaml means d_model).</param>
/// <param name="ConvKernelSize">conv_kernel_size.</param>
/// <param name="XScaling">xscaling: multiply the subsampled input by √d_model.</param>
/// <param name="UntieBiases">untie_biases: pos_bias_u/v per layer rather than shared by the encoder.</param>
/// <param name="UseBias">use_bias: biases in the conformer linears and convolutions.</param>
/// <param name="SelfAttentionModel">self_attention_model: <c>rel_pos</c> (full context) or <c>rel_pos_local_attn</c>.</param>
/// <param name="AttContextSize">att_context_size of <c>rel_pos_local_attn</c>; null for full context ([−1, −1]).</param>
internal sealed record ConformerEncoderConfig(
    int FeatIn,
    int NLayers,
    int DModel,
    int NHeads,
    int FfExpansionFactor = 4,
    int SubsamplingFactor = 8,
    int SubsamplingConvChannels = 256,
    int ConvKernelSize = 9,
    bool XScaling = false,
    bool UntieBiases = true,
    bool UseBias = false,
    string SelfAttentionModel = ConformerEncoderConfig.RelPos,
    AttContextSize? AttContextSize = null)
{
    /// <summary>NeMo's full-context Transformer-XL attention (<c>RelPositionMultiHeadAttention</c>).</summary>
    public const string RelPos = "rel_pos";

    /// <summary>NeMo's sliding-window attention (<c>RelPositionMultiHeadAttentionLongformer</c>).</summary>
    public const string RelPosLocalAttn = "rel_pos_local_attn";

    /// <summary>The context of local attention, or null for full attention.</summary>
    public AttContextSize? LocalAttention => SelfAttentionModel == RelPosLocalAttn ? AttContextSize : null;

    /// <summary>
    /// This config with NeMo's <c>change_attention_model("rel_pos_local_attn", [left, right])</c> applied: the same
    /// weights, each frame attending to <paramref name="left"/> frames before it and <paramref name="right"/> after.
    /// </summary>
    public ConformerEncoderConfig WithLocalAttention(int left, int right)
    {
        var context = new AttContextSize(left, right);
        if (!context.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(left), $"local attention takes a context of 0 to {Parakeet.AttContextSize.MaxContext} frames on each side, not both 0; got {context}");
        }

        return this with { SelfAttentionModel = RelPosLocalAttn, AttContextSize = context };
    }

    /// <summary>Checks the values a model file could get wrong; throws <see cref="ModelFormatException"/>.</summary>
    public void Validate(string modelName)
    {
        if (FeatIn <= 0 || NLayers <= 0 || DModel <= 0 || NHeads <= 0 || DModel % NHeads != 0 || FfExpansionFactor <= 0
            || SubsamplingConvChannels <= 0 || ConvKernelSize <= 0 || ConvKernelSize % 2 == 0
            || SubsamplingFactor < 2 || (SubsamplingFactor & (SubsamplingFactor - 1)) != 0)
        {
            throw new ModelFormatException($"{modelName}: unsupported encoder config {this}");
        }

        bool attentionValid = SelfAttentionModel switch
        {
            RelPos => AttContextSize is null,
            RelPosLocalAttn => AttContextSize is { IsValid: true },
            _ => false,
        };
        if (!attentionValid)
        {
            throw new ModelFormatException($"{modelName}: encoder self_attention_model '{SelfAttentionModel}' with att_context_size {AttContextSize?.ToString() ?? "[-1, -1]"} is not supported ({RelPos} with [-1, -1], or {RelPosLocalAttn} with 0 ≤ left, right ≤ {Parakeet.AttContextSize.MaxContext}, not both 0)");
        }
    }
}
