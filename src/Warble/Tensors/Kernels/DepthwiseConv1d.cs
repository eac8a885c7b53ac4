using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Depthwise 1-D convolution with 'same' zero padding (K − 1) / 2 and stride 1, as NeMo's
/// <c>ConformerConvolution.depthwise_conv</c> (kernel 9, groups = C). Warble keeps the Conformer in
/// time-major [T, C] layout, so the pointwise convolutions around it are plain GEMMs on the stored
/// weights and this kernel vectorizes across channels: for each step and block of channels, K
/// fused multiply-adds into one register. The taps are transposed once per call to [K, C].
/// </summary>
internal static class DepthwiseConv1d
{
    /// <summary>y[t, c] = bias[c] + Σ_k weight[c, k] · x[t + k − (K − 1)/2, c].</summary>
    /// <param name="input">[T, C] row-major.</param>
    /// <param name="channels">C.</param>
    /// <param name="weight">[C, 1, K], PyTorch's layout; K odd.</param>
    /// <param name="bias">Empty, or [C].</param>
    /// <param name="destination">[T, C]; must not overlap <paramref name="input"/>.</param>
    public static void Apply(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination) =>
        ApplySteps(input, channels, weight, bias, destination, 0, int.MaxValue);

    /// <summary>As <see cref="Apply"/>, but writes only steps [<paramref name="first"/>, <paramref name="end"/>) of the destination (end clipped to T), so that threads can share one convolution.</summary>
    public static void ApplySteps(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination, int first, int end)
    {
        int lanes = Vector512.IsHardwareAccelerated && channels >= Vector512<float>.Count ? Vector512<float>.Count
            : Vector256.IsHardwareAccelerated && channels >= Vector256<float>.Count ? Vector256<float>.Count
            : Vector128.IsHardwareAccelerated && channels >= Vector128<float>.Count ? Vector128<float>.Count
            : 1;
        Run(input, channels, weight, bias, destination, lanes, first, end);
    }

    /// <summary>Scalar definition with double accumulators.</summary>
    internal static void Reference(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination)
    {
        int k = Check(input, channels, weight, bias, destination), length = input.Length / channels, pad = (k - 1) / 2;
        for (int t = 0; t < length; t++)
        {
            for (int c = 0; c < channels; c++)
            {
                double sum = bias.IsEmpty ? 0 : bias[c];
                for (int j = 0; j < k; j++)
                {
                    int s = t + j - pad;
                    if (s >= 0 && s < length)
                    {
                        sum += (double)weight[(c * k) + j] * input[(s * channels) + c];
                    }
                }

                destination[(t * channels) + c] = (float)sum;
            }
        }
    }

    /// <summary>
    /// As <see cref="Apply"/> at <paramref name="lanes"/> floats a vector (16, 8, 4; 1 for scalar), whatever the CPU:
    /// each path for the tests.
    /// </summary>
    internal static void ApplyAt(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination, int lanes) =>
        Run(input, channels, weight, bias, destination, lanes, 0, int.MaxValue);

    private static void Run(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination, int lanes, int first, int end)
    {
        int k = Check(input, channels, weight, bias, destination);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        float[] rented = ArrayPool<float>.Shared.Rent(k * channels);
        try
        {
            Span<float> taps = rented.AsSpan(0, k * channels);
            for (int c = 0; c < channels; c++)
            {
                for (int j = 0; j < k; j++)
                {
                    taps[(j * channels) + c] = weight[(c * k) + j];
                }
            }

            var conv = new Taps(taps, bias, channels, input.Length / channels);
            for (int t = first; t < Math.Min(end, conv.Length); t++)
            {
                int done = lanes switch
                {
                    16 => conv.Step<Width512, Vector512<float>>(input, t, destination),
                    8 => conv.Step<Width256, Vector256<float>>(input, t, destination),
                    4 => conv.Step<Width128, Vector128<float>>(input, t, destination),
                    _ => 0,
                };
                conv.StepScalar(input, t, done, destination);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static int Check(ReadOnlySpan<float> input, int channels, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> destination)
    {
        ThrowHelper.CheckPositive(channels, nameof(channels));
        int k = weight.Length / channels;
        if (input.Length % channels != 0 || weight.Length % channels != 0 || k % 2 == 0)
        {
            ThrowHelper.ThrowArgument($"depthwise conv1d: input of {input.Length} or weight of {weight.Length} values does not fit {channels} channels and an odd kernel");
        }

        if (!bias.IsEmpty)
        {
            ThrowHelper.CheckExactLength(bias.Length, channels, nameof(bias));
        }

        ThrowHelper.CheckLength(destination.Length, input.Length, nameof(destination));
        if (input.Overlaps(destination))
        {
            ThrowHelper.ThrowArgument("depthwise conv1d destination overlaps its input");
        }

        return k;
    }

    /// <summary>The transposed taps [K, C] and the per-step loops, one per width.</summary>
    private readonly ref struct Taps(ReadOnlySpan<float> taps, ReadOnlySpan<float> bias, int channels, int length)
    {
        private readonly ReadOnlySpan<float> taps = taps;
        private readonly ReadOnlySpan<float> bias = bias;

        public int Length { get; } = length;

        private int KernelSize => taps.Length / channels;

        /// <summary>Channels [start, C) of step t, scalar.</summary>
        public void StepScalar(ReadOnlySpan<float> input, int t, int start, Span<float> destination)
        {
            int k = KernelSize, pad = (k - 1) / 2;
            for (int c = start; c < channels; c++)
            {
                float sum = bias.IsEmpty ? 0f : bias[c];
                for (int j = Math.Max(0, pad - t); j < Math.Min(k, Length + pad - t); j++)
                {
                    sum += taps[(j * channels) + c] * input[((t + j - pad) * channels) + c];
                }

                destination[(t * channels) + c] = sum;
            }
        }

        /// <summary>Whole vectors of <typeparamref name="TWidth"/> of channels of step t; returns the first channel left for the scalar tail.</summary>
        [MethodImpl(Inline.Hot)]
        public int Step<TWidth, TVector>(ReadOnlySpan<float> input, int t, Span<float> destination)
            where TWidth : IVectorWidth<TVector>
            where TVector : struct
        {
            ref float ts = ref MemoryMarshal.GetReference(taps);
            ref float xs = ref MemoryMarshal.GetReference(input);
            ref float ys = ref MemoryMarshal.GetReference(destination);
            int k = KernelSize, pad = (k - 1) / 2, c = 0;
            int first = Math.Max(0, pad - t), end = Math.Min(k, Length + pad - t);
            for (; c <= channels - TWidth.Count; c += TWidth.Count)
            {
                TVector acc = bias.IsEmpty ? default : TWidth.Load(ref MemoryMarshal.GetReference(bias), (nuint)c);
                for (int j = first; j < end; j++)
                {
                    TVector x = TWidth.Load(ref xs, (nuint)(((t + j - pad) * channels) + c));
                    acc = TWidth.MultiplyAdd(TWidth.Load(ref ts, (nuint)((j * channels) + c)), x, acc);
                }

                TWidth.Store(acc, ref ys, (nuint)((t * channels) + c));
            }

            return c;
        }
    }
}
