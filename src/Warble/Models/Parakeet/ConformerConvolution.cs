using Warble.Models.Common;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using Warble.Tensors.Parallel;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>ConformerConvolution.forward</c> (conv_norm_type batch_norm): pointwise_conv1 (d → 2d) → GLU → padding
/// frames zeroed → depthwise_conv (kernel k, padding (k−1)/2) → BatchNorm → Swish → pointwise_conv2. The eval-mode
/// BatchNorm is folded into the depthwise weights at load. Works time-major: the 1×1 convs are linears over [frames, d].
/// </summary>
internal sealed class ConformerConvolution
{
    private const float BatchNormEps = 1e-5f;

    /// <summary>Frames per pool index of the elementwise stages (GLU, depthwise convolution, Swish).</summary>
    private const int ChunkFrames = 32;

    private readonly LinearWeights pointwiseConv1, pointwiseConv2;
    private readonly float[] depthwiseWeight, depthwiseBias;
    private readonly int dModel;

    public ConformerConvolution(WeightSource source, ParakeetWeights.ConvolutionNames names, ConformerEncoderConfig config)
    {
        dModel = config.DModel;
        pointwiseConv1 = LinearWeights.Load(source, names.PointwiseConv1);
        pointwiseConv2 = LinearWeights.Load(source, names.PointwiseConv2);
        depthwiseWeight = source.Floats(names.DepthwiseConv.Weight);
        depthwiseBias = names.DepthwiseConv.Bias is { } bias ? source.Floats(bias) : new float[dModel];
        Nn.FoldBatchNorm(depthwiseWeight, depthwiseBias, source.Floats(names.BatchNormWeight), source.Floats(names.BatchNormBias),
            source.Floats(names.RunningMean), source.Floats(names.RunningVar), BatchNormEps);
    }

    /// <summary>x [frames, d] (the first <paramref name="valid"/> frames unmasked) → output [frames, d].</summary>
    public void Forward(ReadOnlySpan<float> x, int frames, int valid, ConformerWorkspace ws, Span<float> output)
    {
        Nn.Linear(x, frames, pointwiseConv1, ws.Hidden);
        int chunks = (frames + ChunkFrames - 1) / ChunkFrames;
        WorkerPool.Current.For(chunks, new FrameChunks(this, ws, frames, valid, convolve: false));
        WorkerPool.Current.For(chunks, new FrameChunks(this, ws, frames, valid, convolve: true));
        Nn.Linear(ws.Attended, frames, pointwiseConv2, output);
    }

    /// <summary>
    /// One chunk of frames of the stages between the pointwise products, on the pool: the GLU, with padding frames
    /// zeroed (first loop), or the depthwise convolution, which reads the GLU output of neighbouring chunks, and the
    /// Swish (second loop).
    /// </summary>
    private readonly struct FrameChunks(ConformerConvolution module, ConformerWorkspace ws, int frames, int valid, bool convolve) : IRangeAction
    {
        public void Invoke(int index)
        {
            int d = module.dModel, t0 = index * ChunkFrames, t1 = Math.Min(frames, t0 + ChunkFrames);
            if (!convolve)
            {
                int gated = Math.Clamp(valid, t0, t1);
                Nn.Glu(ws.Hidden.AsSpan(t0 * 2 * d), gated - t0, d, ws.Glu.AsSpan(t0 * d));
                ws.Glu.AsSpan(gated * d, (t1 - gated) * d).Clear();
                return;
            }

            DepthwiseConv1d.ApplySteps(ws.Glu.AsSpan(0, frames * d), d, module.depthwiseWeight, module.depthwiseBias, ws.Attended.AsSpan(0, frames * d), t0, t1);
            ActivationEpilogue.Apply(Activation.Swish, ws.Attended.AsSpan(t0 * d, (t1 - t0) * d));
        }
    }
}
