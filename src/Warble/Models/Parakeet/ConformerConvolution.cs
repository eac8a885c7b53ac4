using Warble.Models.Common;
using Warble.Tensors.Gemm;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>ConformerConvolution.forward</c> (conv_norm_type batch_norm): pointwise_conv1 (d → 2d) → GLU → padding
/// frames zeroed → depthwise_conv (kernel k, padding (k−1)/2) → BatchNorm → Swish → pointwise_conv2. The eval-mode
/// BatchNorm is folded into the depthwise weights at load. Works time-major: the 1×1 convs are linears over [frames, d].
/// </summary>
internal sealed class ConformerConvolution
{
    private const float BatchNormEps = 1e-5f;
    private readonly LinearWeights pointwiseConv1, pointwiseConv2;
    private readonly float[] depthwiseWeight, depthwiseBias;
    private readonly int kernel, dModel;

    public ConformerConvolution(WeightSource source, string prefix, ConformerEncoderConfig config)
    {
        dModel = config.DModel;
        kernel = config.ConvKernelSize;
        pointwiseConv1 = PointwiseConv(source, prefix + ".pointwise_conv1", 2 * dModel, dModel, config.UseBias);
        pointwiseConv2 = PointwiseConv(source, prefix + ".pointwise_conv2", dModel, dModel, config.UseBias);
        depthwiseWeight = source.Floats(prefix + ".depthwise_conv.weight", dModel, 1, kernel);
        depthwiseBias = config.UseBias ? source.Floats(prefix + ".depthwise_conv.bias", dModel) : new float[dModel];
        string bn = prefix + ".batch_norm";
        Nn.FoldBatchNorm(depthwiseWeight, depthwiseBias, source.Floats(bn + ".weight", dModel), source.Floats(bn + ".bias", dModel),
            source.Floats(bn + ".running_mean", dModel), source.Floats(bn + ".running_var", dModel), BatchNormEps);
    }

    /// <summary>x [frames, d] (the first <paramref name="valid"/> frames unmasked) → output [frames, d].</summary>
    public void Forward(ReadOnlySpan<float> x, int frames, int valid, ConformerWorkspace ws, Span<float> output)
    {
        Nn.Linear(x, frames, pointwiseConv1, ws.Hidden);
        Span<float> glu = ws.Glu.AsSpan(0, frames * dModel);
        Nn.Glu(ws.Hidden, frames, dModel, glu);
        glu[(valid * dModel)..].Clear();
        Nn.DepthwiseConv1d(glu, frames, dModel, depthwiseWeight, kernel, depthwiseBias, ws.Attended);
        Nn.Swish(ws.Attended.AsSpan(0, frames * dModel));
        Nn.Linear(ws.Attended, frames, pointwiseConv2, output);
    }

    /// <summary>A Conv1d with kernel 1, [out, in, 1] in the checkpoint, as a linear [out, in].</summary>
    private static LinearWeights PointwiseConv(WeightSource source, string prefix, int outChannels, int inChannels, bool hasBias)
    {
        var view = source.Get(prefix + ".weight", outChannels, inChannels, 1);
        return new LinearWeights(new WeightMatrix(view.Type, view.Data, outChannels, inChannels),
            hasBias ? source.Floats(prefix + ".bias", outChannels) : null);
    }
}
