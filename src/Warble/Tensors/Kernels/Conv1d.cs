using System.Buffers;
using Warble.Tensors.Gemm;

namespace Warble.Tensors.Kernels;

/// <summary>
/// 1-D convolution as <c>torch.nn.Conv1d</c> (groups = 1, zero padding), computed as im2col + GEMM:
/// the patch matrix [T_out, Cin·K] times the weight [Cout, Cin·K]ᵀ. openai-whisper's stem is two of these
/// (kernel 3, padding 1, strides 1 then 2). The output is time-major [T_out, Cout], the layout the stem's
/// <c>x.permute(0, 2, 1)</c> produces, so the encoder needs no transpose after the second convolution.
/// </summary>
internal static class Conv1d
{
    /// <summary>Convolution of a channel-major input (a mel spectrogram [n_mels, T]).</summary>
    /// <param name="input">[Cin, T] row-major.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="weight">[Cout, Cin·K]: PyTorch's [Cout, Cin, K] flattened, in its stored dtype.</param>
    /// <param name="bias">Empty, or [Cout].</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="stride">Stride along T.</param>
    /// <param name="padding">Zeros added at both ends of T.</param>
    /// <param name="destination">[T_out, Cout] with T_out = (T + 2·padding − K) / stride + 1.</param>
    public static void Apply(ReadOnlySpan<float> input, int inChannels, in WeightMatrix weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination) =>
        Run(input, 1, inChannels, timeMajor: false, weight, bias, new(kernelSize, stride, padding), destination);

    /// <summary>Convolution of a time-major input (the first convolution's output).</summary>
    /// <param name="input">[T, Cin] row-major.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="weight">[Cout, Cin·K] in its stored dtype.</param>
    /// <param name="bias">Empty, or [Cout].</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="stride">Stride along T.</param>
    /// <param name="padding">Zeros added at both ends of T.</param>
    /// <param name="destination">[T_out, Cout].</param>
    public static void ApplyTimeMajor(ReadOnlySpan<float> input, int inChannels, in WeightMatrix weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination) =>
        Run(input, 1, inChannels, timeMajor: true, weight, bias, new(kernelSize, stride, padding), destination);

    /// <summary>
    /// Convolution of a batch of equal-length time-major sequences, each zero-padded at its own ends (Silero VAD's
    /// encoder over many 32 ms frames at once): one product for the whole batch instead of one per sequence.
    /// </summary>
    /// <param name="input">[B, T, Cin] row-major.</param>
    /// <param name="sequences">B.</param>
    /// <param name="inChannels">Cin.</param>
    /// <param name="weight">[Cout, Cin·K] in its stored dtype.</param>
    /// <param name="bias">Empty, or [Cout].</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="stride">Stride along T.</param>
    /// <param name="padding">Zeros added at both ends of each sequence.</param>
    /// <param name="destination">[B, T_out, Cout].</param>
    public static void ApplyTimeMajor(ReadOnlySpan<float> input, int sequences, int inChannels, in WeightMatrix weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination) =>
        Run(input, sequences, inChannels, timeMajor: true, weight, bias, new(kernelSize, stride, padding), destination);

    /// <summary>T_out for an input of <paramref name="length"/> steps.</summary>
    public static int OutputLength(int length, int kernelSize, int stride, int padding) =>
        ((length + (2 * padding) - kernelSize) / stride) + 1;

    /// <summary>Scalar definition: direct convolution with double accumulators.</summary>
    internal static void Reference(ReadOnlySpan<float> input, int inChannels, bool timeMajor, in WeightMatrix weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        int length = input.Length / inChannels, outChannels = weight.Rows;
        int outLength = OutputLength(length, kernelSize, stride, padding);
        var w = new float[weight.Columns];
        for (int o = 0; o < outChannels; o++)
        {
            weight.DequantizeRow(o, w);
            for (int t = 0; t < outLength; t++)
            {
                double sum = bias.IsEmpty ? 0 : bias[o];
                for (int c = 0; c < inChannels; c++)
                {
                    for (int k = 0; k < kernelSize; k++)
                    {
                        int s = (t * stride) + k - padding;
                        if (s >= 0 && s < length)
                        {
                            sum += (double)w[(c * kernelSize) + k] * input[timeMajor ? (s * inChannels) + c : (c * length) + s];
                        }
                    }
                }

                destination[(t * outChannels) + o] = (float)sum;
            }
        }
    }

    private static void Run(ReadOnlySpan<float> input, int sequences, int inChannels, bool timeMajor, in WeightMatrix weight, ReadOnlySpan<float> bias, Geometry g, Span<float> destination)
    {
        ThrowHelper.CheckPositive(sequences, nameof(sequences));
        ThrowHelper.CheckPositive(inChannels, nameof(inChannels));
        ThrowHelper.CheckPositive(g.KernelSize, "kernelSize");
        ThrowHelper.CheckPositive(g.Stride, "stride");
        if (g.Padding < 0 || input.Length % ((long)sequences * inChannels) != 0 || weight.Columns != inChannels * g.KernelSize)
        {
            ThrowHelper.ThrowArgument($"conv1d: input of {input.Length} values, {sequences} sequences of {inChannels} channels, weight {weight.Rows}×{weight.Columns}, kernel {g.KernelSize}, padding {g.Padding} do not fit");
        }

        int length = input.Length / sequences / inChannels;
        int outLength = OutputLength(length, g.KernelSize, g.Stride, g.Padding);
        ThrowHelper.CheckPositive(outLength, "output length");
        ThrowHelper.CheckLength(destination.Length, (long)sequences * outLength * weight.Rows, nameof(destination));
        int patch = weight.Columns, rows = sequences * outLength;
        float[] columns = ArrayPool<float>.Shared.Rent(rows * patch);
        try
        {
            Span<float> col = columns.AsSpan(0, rows * patch);
            for (int b = 0; b < sequences; b++)
            {
                Im2Col(input.Slice(b * length * inChannels, length * inChannels), inChannels, length, timeMajor, g, outLength, col.Slice(b * outLength * patch, outLength * patch));
            }

            MatMul.MultiplyTransposed(col, rows, weight, destination, bias);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columns);
        }
    }

    // col[t, c·K + k] = x[c, t·stride + k − padding], zero outside [0, T).
    private static void Im2Col(ReadOnlySpan<float> input, int inChannels, int length, bool timeMajor, Geometry g, int outLength, Span<float> col)
    {
        int k = g.KernelSize, patch = inChannels * k;
        for (int t = 0; t < outLength; t++)
        {
            Span<float> row = col.Slice(t * patch, patch);
            for (int j = 0; j < k; j++)
            {
                int s = (t * g.Stride) + j - g.Padding;
                bool inside = s >= 0 && s < length;
                if (timeMajor)
                {
                    ReadOnlySpan<float> step = inside ? input.Slice(s * inChannels, inChannels) : default;
                    for (int c = 0; c < inChannels; c++)
                    {
                        row[(c * k) + j] = inside ? step[c] : 0f;
                    }
                }
                else
                {
                    for (int c = 0; c < inChannels; c++)
                    {
                        row[(c * k) + j] = inside ? input[(c * length) + s] : 0f;
                    }
                }
            }
        }
    }

    private readonly record struct Geometry(int KernelSize, int Stride, int Padding);
}
