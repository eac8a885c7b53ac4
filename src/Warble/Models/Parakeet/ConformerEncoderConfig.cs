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
    bool UseBias = false)
{
    /// <summary>Checks the values a model file could get wrong; throws <see cref="ModelFormatException"/>.</summary>
    public void Validate(string modelName)
    {
        if (FeatIn <= 0 || NLayers <= 0 || DModel <= 0 || NHeads <= 0 || DModel % NHeads != 0 || FfExpansionFactor <= 0
            || SubsamplingConvChannels <= 0 || ConvKernelSize <= 0 || ConvKernelSize % 2 == 0
            || SubsamplingFactor < 2 || (SubsamplingFactor & (SubsamplingFactor - 1)) != 0)
        {
            throw new ModelFormatException($"{modelName}: unsupported encoder config {this}");
        }
    }
}
