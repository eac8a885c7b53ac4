using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Kernels = Warble.Tensors.Kernels;

namespace Warble.Models.Common;

/// <summary>
/// Building blocks of NeMo's FastConformer and transducer heads, routed to the vectorized kernels; the scalar
/// <c>...Reference</c> forms are the definitions tests compare with. Activations are row-major spans, as in <see cref="Nn"/>.
/// </summary>
internal static partial class Nn
{
    /// <summary>
    /// PyTorch <c>Conv2d</c> (square kernel, same stride and padding on both axes, any groups) on one image: groups 1
    /// as im2col + GEMM (<see cref="Kernels.Conv2d"/>), depthwise by <see cref="Kernels.DepthwiseConv2d"/>.
    /// </summary>
    /// <param name="x">[inChannels, height, width].</param>
    /// <param name="weight">[outChannels, inChannels / groups, kernel, kernel].</param>
    /// <param name="bias">[outChannels], or empty.</param>
    /// <param name="y">[outChannels, Conv2dOutputSize(height), Conv2dOutputSize(width)].</param>
    public static void Conv2d(ReadOnlySpan<float> x, int inChannels, int height, int width, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, int outChannels, int kernel, int stride, int padding, int groups, Span<float> y)
    {
        ReadOnlySpan<float> input = x[..(inChannels * height * width)];
        Span<float> output = y[..(outChannels * Conv2dOutputSize(height, kernel, stride, padding) * Conv2dOutputSize(width, kernel, stride, padding))];
        if (groups == 1)
        {
            Kernels.Conv2d.Apply(input, inChannels, height, weight, bias, kernel, stride, padding, output);
        }
        else if (groups == inChannels && groups == outChannels)
        {
            Kernels.DepthwiseConv2d.Apply(input, inChannels, height, weight, bias, kernel, stride, padding, output);
        }
        else
        {
            Conv2dReference(x, inChannels, height, width, weight, bias, outChannels, kernel, stride, padding, groups, y);
        }
    }

    /// <summary>Scalar <see cref="Conv2d"/>, any groups.</summary>
    public static void Conv2dReference(ReadOnlySpan<float> x, int inChannels, int height, int width, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, int outChannels, int kernel, int stride, int padding, int groups, Span<float> y)
    {
        int outH = Conv2dOutputSize(height, kernel, stride, padding), outW = Conv2dOutputSize(width, kernel, stride, padding);
        int inPerGroup = inChannels / groups, outPerGroup = outChannels / groups;
        for (int o = 0; o < outChannels; o++)
        {
            Span<float> plane = y.Slice(o * outH * outW, outH * outW);
            plane.Fill(bias.IsEmpty ? 0f : bias[o]);
            int firstIn = o / outPerGroup * inPerGroup;
            for (int c = 0; c < inPerGroup; c++)
            {
                ReadOnlySpan<float> input = x.Slice((firstIn + c) * height * width, height * width);
                for (int ki = 0; ki < kernel; ki++)
                {
                    for (int kj = 0; kj < kernel; kj++)
                    {
                        float w = weight[(((((o * inPerGroup) + c) * kernel) + ki) * kernel) + kj];
                        // Output columns whose input column (j·stride + kj − padding) lies inside the image.
                        int jFirst = Math.Max(0, (padding - kj + stride - 1) / stride);
                        int jEnd = Math.Min(outW, ((width - 1 + padding - kj) / stride) + 1);
                        for (int i = 0; i < outH; i++)
                        {
                            int row = (i * stride) + ki - padding;
                            if (row < 0 || row >= height)
                            {
                                continue;
                            }

                            ReadOnlySpan<float> inputRow = input.Slice(row * width, width);
                            Span<float> outputRow = plane.Slice(i * outW, outW);
                            for (int j = jFirst; j < jEnd; j++)
                            {
                                outputRow[j] += inputRow[(j * stride) + kj - padding] * w;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>PyTorch's convolution output size, floor((n + 2·padding − kernel) / stride) + 1.</summary>
    public static int Conv2dOutputSize(int size, int kernel, int stride, int padding) => ((size + (2 * padding) - kernel) / stride) + 1;

    /// <summary>
    /// A 1×1 convolution over channel-major data: y[out, n] = W[out, in] · x[in, n] + b (PyTorch <c>Conv2d</c> with kernel 1).
    /// </summary>
    public static void PointwiseConv(ReadOnlySpan<float> x, int inChannels, int positions, ReadOnlySpan<float> weight,
        ReadOnlySpan<float> bias, int outChannels, Span<float> y)
    {
        MatMul.Multiply(weight[..(outChannels * inChannels)], outChannels, inChannels, x[..(inChannels * positions)], positions,
            y[..(outChannels * positions)]);
        for (int o = 0; o < outChannels && !bias.IsEmpty; o++)
        {
            foreach (ref float v in y.Slice(o * positions, positions))
            {
                v += bias[o];
            }
        }
    }

    /// <summary>
    /// Folds an eval-mode <c>BatchNorm1d</c> into the convolution before it: w' = w·γ/√(var + eps),
    /// b' = (b − mean)·γ/√(var + eps) + β. Computed in double so the fold adds no rounding of its own.
    /// </summary>
    /// <param name="weight">[channels, kernel], rewritten in place.</param>
    /// <param name="bias">[channels]: the convolution bias (zeros when it has none), rewritten in place.</param>
    public static void FoldBatchNorm(Span<float> weight, Span<float> bias, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, float eps)
    {
        int channels = bias.Length, kernel = weight.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            double scale = gamma[c] / Math.Sqrt(runningVar[c] + (double)eps);
            for (int k = 0; k < kernel; k++)
            {
                weight[(c * kernel) + k] = (float)(weight[(c * kernel) + k] * scale);
            }

            bias[c] = (float)(((bias[c] - (double)runningMean[c]) * scale) + beta[c]);
        }
    }

    /// <summary>GLU over the last dimension: y[r, c] = a · σ(b) with a, b the two halves of x[r, 2·channels].</summary>
    public static void Glu(ReadOnlySpan<float> x, int rows, int channels, Span<float> y) =>
        Kernels.Glu.Apply(x[..(rows * 2 * channels)], channels, y[..(rows * channels)]);

    /// <summary>In-place ReLU.</summary>
    public static void Relu(Span<float> x) => Kernels.Relu.Apply(x, x);

    /// <summary>x += scale·y (NeMo's <c>residual + fc_factor · ff(x)</c>).</summary>
    public static void AddScaled(Span<float> x, ReadOnlySpan<float> y, float scale) => TensorPrimitives.MultiplyAdd(y[..x.Length], scale, x, x);

    /// <summary>
    /// In-place log-softmax over the whole span (PyTorch <c>log_softmax(dim=-1)</c>), in <see cref="Kernels.Softmax"/>'s
    /// order: x − max, then − log Σ exp. (That kernel's log form is not safe in place: its exp pass overwrites x.)
    /// </summary>
    public static void LogSoftmax(Span<float> x) => Kernels.Softmax.ApplyLog(x, x.Length, x);

    /// <summary>
    /// One step of a PyTorch <c>LSTM</c> layer (gate order i, f, g, o) with its two products fused
    /// (<see cref="FuseLstm"/>): gates = [W_ih | W_hh]·[x; h] + b_ih + b_hh; c = σ(f)·c + σ(i)·tanh(g); h = σ(o)·tanh(c).
    /// </summary>
    /// <param name="h">[hidden]: the previous output, replaced by the new one.</param>
    /// <param name="c">[hidden]: the cell state, updated in place.</param>
    /// <param name="scratch">At least in + 5·hidden.</param>
    public static void LstmCell(ReadOnlySpan<float> x, LinearWeights fused, Span<float> h, Span<float> c, Span<float> scratch) =>
        Kernels.LstmCell.StepFused(x, fused.Weight, fused.Bias, h, c, scratch);

    /// <summary>The LSTM step above with the gates' constant term given per step (in place of the layer's bias).</summary>
    public static void LstmCell(ReadOnlySpan<float> x, LinearWeights fused, ReadOnlySpan<float> gateBias, Span<float> h, Span<float> c, Span<float> scratch) =>
        Kernels.LstmCell.StepFused(x, fused.Weight, gateBias, h, c, scratch);

    /// <summary>An LSTM layer's <c>weight_ih</c>/<c>bias_ih</c> and <c>weight_hh</c>/<c>bias_hh</c> as one layer for the LSTM step.</summary>
    public static LinearWeights FuseLstm(LinearWeights input, LinearWeights hidden)
    {
        (WeightMatrix weights, float[]? bias) = Kernels.LstmCell.Fuse(input.Weight, hidden.Weight, input.Bias, hidden.Bias);
        return new LinearWeights(weights, bias);
    }

    /// <summary>
    /// Scalar Transformer-XL relative-position attention (the fast form is <c>Parakeet.RelPositionAttention</c>), as NeMo <c>RelPositionMultiHeadAttention.forward</c>:
    /// scores = ((q + u)·kᵀ + rel_shift((q + v)·pᵀ)) / √d_k, where rel_shift makes key j of query i use the position
    /// row T−1−i+j (relative position i − j). Keys and queries at or beyond <paramref name="valid"/> are masked:
    /// masked keys get no weight and masked queries an all-zero output (NeMo's −10000 fill then zeroed softmax).
    /// </summary>
    /// <param name="q">[frames, heads·dk], as are <paramref name="k"/>, <paramref name="v"/> and <paramref name="output"/>.</param>
    /// <param name="p">[2·frames − 1, heads·dk]: linear_pos of the positional embedding, row r = position frames−1−r.</param>
    /// <param name="biasU">[heads, dk] (pos_bias_u), as is <paramref name="biasV"/>.</param>
    /// <param name="scores">Scratch of at least frames.</param>
    public static void RelPositionAttentionReference(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, ReadOnlySpan<float> p,
        ReadOnlySpan<float> biasU, ReadOnlySpan<float> biasV, int frames, int valid, int heads, Span<float> scores, Span<float> output)
    {
        int d = biasU.Length, dk = d / heads;
        float scale = 1f / MathF.Sqrt(dk);
        output[..(frames * d)].Clear();
        for (int h = 0; h < heads; h++)
        {
            ReadOnlySpan<float> u = biasU.Slice(h * dk, dk), w = biasV.Slice(h * dk, dk);
            for (int i = 0; i < valid; i++)
            {
                ReadOnlySpan<float> qi = q.Slice((i * d) + (h * dk), dk);
                float max = float.NegativeInfinity;
                for (int j = 0; j < valid; j++)
                {
                    ReadOnlySpan<float> kj = k.Slice((j * d) + (h * dk), dk);
                    ReadOnlySpan<float> pj = p.Slice((((frames - 1 - i) + j) * d) + (h * dk), dk);
                    float ac = 0, bd = 0;
                    for (int c = 0; c < dk; c++)
                    {
                        ac += (qi[c] + u[c]) * kj[c];
                        bd += (qi[c] + w[c]) * pj[c];
                    }

                    scores[j] = (ac + bd) * scale;
                    max = MathF.Max(max, scores[j]);
                }

                float sum = 0;
                for (int j = 0; j < valid; j++)
                {
                    scores[j] = MathF.Exp(scores[j] - max);
                    sum += scores[j];
                }

                Span<float> oi = output.Slice((i * d) + (h * dk), dk);
                for (int j = 0; j < valid; j++)
                {
                    float weight = scores[j] / sum;
                    ReadOnlySpan<float> vj = v.Slice((j * d) + (h * dk), dk);
                    for (int c = 0; c < dk; c++)
                    {
                        oi[c] += weight * vj[c];
                    }
                }
            }
        }
    }
}
