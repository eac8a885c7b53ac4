using System.Buffers;
using System.Numerics.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Tensors.Kernels;

/// <summary>
/// 2-D convolution as <c>torch.nn.Conv2d</c> (groups = 1, zero padding) on one [C, T, F] image, the layout
/// of NeMo's <c>ConvSubsampling</c> (dw_striding: a 3×3 stride-2 convolution from 1 channel, then
/// depthwise + pointwise pairs). Computed as im2col + GEMM: weight [Cout, Cin·K·K] times the patch
/// matrix [Cin·K·K, T_out·F_out], which lands directly in channel-major output. Weights are f32 (the
/// subsampling weights are small and dequantized at load).
/// </summary>
internal static class Conv2d
{
    /// <summary>Square-kernel convolution.</summary>
    /// <param name="input">[Cin, H, W] row-major (H = time, W = frequency).</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="height">H; W is input.Length / (Cin · H).</param>
    /// <param name="weight">[Cout, Cin, K, K], PyTorch's layout.</param>
    /// <param name="bias">Empty, or [Cout].</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="stride">Stride along both axes.</param>
    /// <param name="padding">Zeros added on each side of both axes.</param>
    /// <param name="destination">[Cout, H_out, W_out], H_out = (H + 2·padding − K) / stride + 1, same for W.</param>
    public static void Apply(ReadOnlySpan<float> input, int inChannels, int height, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        var s = Conv2dShape.Create(input.Length, inChannels, height, kernelSize, stride, padding);
        int patch = inChannels * kernelSize * kernelSize;
        if (weight.Length == 0 || weight.Length % patch != 0)
        {
            ThrowHelper.ThrowArgument($"conv2d weight of {weight.Length} values is not [Cout, {inChannels}, {kernelSize}, {kernelSize}]");
        }

        int outChannels = weight.Length / patch, positions = s.OutHeight * s.OutWidth;
        CheckBiasAndDestination(bias, outChannels, destination, (long)outChannels * positions);
        float[] columns = ArrayPool<float>.Shared.Rent(patch * positions);
        try
        {
            Span<float> col = columns.AsSpan(0, patch * positions);
            Im2Col(input, inChannels, s, col);
            MatMul.Multiply(weight, outChannels, patch, col, positions, destination);
            AddChannelBias(bias, positions, destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    /// <summary>1×1 convolution: a matrix product over channels at every position.</summary>
    /// <param name="input">[Cin, P] row-major, P = H · W.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="weight">[Cout, Cin, 1, 1].</param>
    /// <param name="bias">Empty, or [Cout].</param>
    /// <param name="destination">[Cout, P].</param>
    public static void ApplyPointwise(ReadOnlySpan<float> input, int inChannels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination)
    {
        ThrowHelper.CheckPositive(inChannels, nameof(inChannels));
        if (input.Length % inChannels != 0 || weight.Length == 0 || weight.Length % inChannels != 0)
        {
            ThrowHelper.ThrowArgument($"pointwise conv: input of {input.Length} or weight of {weight.Length} values is not whole rows of {inChannels} channels");
        }

        int positions = input.Length / inChannels, outChannels = weight.Length / inChannels;
        CheckBiasAndDestination(bias, outChannels, destination, (long)outChannels * positions);
        MatMul.Multiply(weight, outChannels, inChannels, input, positions, destination);
        AddChannelBias(bias, positions, destination);
    }

    /// <summary>Scalar definition of <see cref="Apply"/> (a 1×1 kernel with padding 0 is the pointwise form).</summary>
    internal static void Reference(ReadOnlySpan<float> input, int inChannels, int height, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        var s = Conv2dShape.Create(input.Length, inChannels, height, kernelSize, stride, padding);
        int k = kernelSize, outChannels = weight.Length / (inChannels * k * k);
        for (int o = 0; o < outChannels; o++)
        {
            for (int oh = 0; oh < s.OutHeight; oh++)
            {
                for (int ow = 0; ow < s.OutWidth; ow++)
                {
                    double sum = bias.IsEmpty ? 0 : bias[o];
                    for (int c = 0; c < inChannels; c++)
                    {
                        sum += s.Patch(input, c, oh, ow, weight.Slice(((o * inChannels) + c) * k * k, k * k));
                    }

                    destination[(((o * s.OutHeight) + oh) * s.OutWidth) + ow] = (float)sum;
                }
            }
        }
    }

    // col[(c·K + kh)·K + kw, oh·W_out + ow] = x[c, oh·stride + kh − padding, ow·stride + kw − padding].
    private static void Im2Col(ReadOnlySpan<float> input, int inChannels, Conv2dShape s, Span<float> col)
    {
        int k = s.KernelSize, positions = s.OutHeight * s.OutWidth;
        for (int c = 0; c < inChannels; c++)
        {
            ReadOnlySpan<float> plane = input.Slice(c * s.Height * s.Width, s.Height * s.Width);
            for (int kh = 0; kh < k; kh++)
            {
                for (int kw = 0; kw < k; kw++)
                {
                    Span<float> row = col.Slice((((c * k) + kh) * k + kw) * positions, positions);
                    for (int oh = 0; oh < s.OutHeight; oh++)
                    {
                        int h = (oh * s.Stride) + kh - s.Padding;
                        Span<float> line = row.Slice(oh * s.OutWidth, s.OutWidth);
                        if (h < 0 || h >= s.Height)
                        {
                            line.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> source = plane.Slice(h * s.Width, s.Width);
                        for (int ow = 0; ow < s.OutWidth; ow++)
                        {
                            int w = (ow * s.Stride) + kw - s.Padding;
                            line[ow] = w >= 0 && w < s.Width ? source[w] : 0f;
                        }
                    }
                }
            }
        }
    }

    private static void CheckBiasAndDestination(ReadOnlySpan<float> bias, int outChannels, Span<float> destination, long needed)
    {
        if (!bias.IsEmpty)
        {
            ThrowHelper.CheckExactLength(bias.Length, outChannels, nameof(bias));
        }

        ThrowHelper.CheckLength(destination.Length, needed, nameof(destination));
    }

    private static void AddChannelBias(ReadOnlySpan<float> bias, int positions, Span<float> destination)
    {
        for (int o = 0; o < bias.Length; o++)
        {
            Span<float> plane = destination.Slice(o * positions, positions);
            TensorPrimitives.Add(plane, bias[o], plane);
        }
    }
}
