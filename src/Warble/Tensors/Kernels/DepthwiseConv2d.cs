using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Parallel;
using Warble.Tensors.Simd;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Depthwise 2-D convolution (<c>torch.nn.Conv2d</c> with groups = C) on [C, T, F] planes, as in NeMo's
/// dw_striding <c>ConvSubsampling</c> (3×3, stride 2, padding 1). Direct loops: each output needs only
/// K·K products, so im2col would only add memory traffic. The interior of each output row skips the
/// bounds tests, and the stride-2 three-tap case runs 16 outputs per vector; channels are shared out over the pool.
/// </summary>
internal static class DepthwiseConv2d
{
    /// <summary>One K×K filter per channel.</summary>
    /// <param name="input">[C, H, W] row-major.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H; W is input.Length / (C · H).</param>
    /// <param name="weight">[C, 1, K, K], PyTorch's layout.</param>
    /// <param name="bias">Empty, or [C].</param>
    /// <param name="kernelSize">K.</param>
    /// <param name="stride">Stride along both axes.</param>
    /// <param name="padding">Zeros added on each side of both axes.</param>
    /// <param name="destination">[C, H_out, W_out].</param>
    public static unsafe void Apply(ReadOnlySpan<float> input, int channels, int height, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        var s = Check(input, channels, height, weight, bias, kernelSize, stride, padding, destination);
        fixed (float* x = input, w = weight, b = bias, y = destination)
        {
            WorkerPool.Current.For(channels, new ChannelAction(x, w, bias.IsEmpty ? null : b, y, s));
        }
    }

    /// <summary>Scalar definition with double accumulators.</summary>
    internal static void Reference(ReadOnlySpan<float> input, int channels, int height, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        var s = Check(input, channels, height, weight, bias, kernelSize, stride, padding, destination);
        int k = kernelSize;
        for (int c = 0; c < channels; c++)
        {
            for (int oh = 0; oh < s.OutHeight; oh++)
            {
                for (int ow = 0; ow < s.OutWidth; ow++)
                {
                    double sum = (bias.IsEmpty ? 0 : bias[c]) + s.Patch(input, c, oh, ow, weight.Slice(c * k * k, k * k));
                    destination[(((c * s.OutHeight) + oh) * s.OutWidth) + ow] = (float)sum;
                }
            }
        }
    }

    // line[ow] += Σ_kw taps[kw] · source[ow·stride + kw − padding], bounds tested only near the edges.
    private static void AccumulateRow(ReadOnlySpan<float> source, ReadOnlySpan<float> taps, Conv2dShape s, Span<float> line)
    {
        int k = taps.Length, width = source.Length;
        int ow = SimdCapabilities.HasVector512 && s.Stride == 2 && k == 3 && s.Padding == 1 && width == 2 * line.Length
            ? AccumulateStride2(source, taps, line)
            : 0;
        for (; ow < line.Length; ow++)
        {
            int w0 = (ow * s.Stride) - s.Padding;
            float sum = line[ow];
            if (w0 >= 0 && w0 + k <= width)
            {
                ReadOnlySpan<float> window = source.Slice(w0, k);
                for (int kw = 0; kw < k; kw++)
                {
                    sum += taps[kw] * window[kw];
                }
            }
            else
            {
                for (int kw = 0; kw < k; kw++)
                {
                    int w = w0 + kw;
                    if (w >= 0 && w < width)
                    {
                        sum += taps[kw] * source[w];
                    }
                }
            }

            line[ow] = sum;
        }
    }

    /// <summary>
    /// NeMo's dw_striding case (3 taps, stride 2, padding 1, even width): 16 outputs at a time from 32 inputs split into
    /// their even and odd lanes, the tap before each output being the previous odd lane. Returns the outputs done.
    /// </summary>
    [MethodImpl(Inline.Hot)]
    private static int AccumulateStride2(ReadOnlySpan<float> source, ReadOnlySpan<float> taps, Span<float> line)
    {
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(line);
        Vector512<float> t0 = Vector512.Create(taps[0]), t1 = Vector512.Create(taps[1]), t2 = Vector512.Create(taps[2]);
        Vector512<float> previousOdd = default; // lane 15 is source[2·ow − 1]: the left padding at first
        int ow = 0;
        for (; ow <= line.Length - Vector512<float>.Count; ow += Vector512<float>.Count)
        {
            Vector512<float> lo = Vector512.LoadUnsafe(ref src, (nuint)(2 * ow));
            Vector512<float> hi = Vector512.LoadUnsafe(ref src, (nuint)((2 * ow) + Vector512<float>.Count));
            (Vector512<float> even, Vector512<float> odd) = Vector512Ops.Deinterleave(lo, hi);
            Vector512<float> before = Vector512Ops.ShiftInLast(odd, previousOdd);
            Vector512<float> sum = Vector512.LoadUnsafe(ref dst, (nuint)ow);
            sum = Vector512.FusedMultiplyAdd(t0, before, sum);
            sum = Vector512.FusedMultiplyAdd(t1, even, sum);
            Vector512.FusedMultiplyAdd(t2, odd, sum).StoreUnsafe(ref dst, (nuint)ow);
            previousOdd = odd;
        }

        return ow;
    }

    private static Conv2dShape Check(ReadOnlySpan<float> input, int channels, int height, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int kernelSize, int stride, int padding, Span<float> destination)
    {
        var s = Conv2dShape.Create(input.Length, channels, height, kernelSize, stride, padding);
        ThrowHelper.CheckExactLength(weight.Length, (long)channels * kernelSize * kernelSize, nameof(weight));
        if (!bias.IsEmpty)
        {
            ThrowHelper.CheckExactLength(bias.Length, channels, nameof(bias));
        }

        ThrowHelper.CheckLength(destination.Length, (long)channels * s.OutHeight * s.OutWidth, nameof(destination));
        return s;
    }

    /// <summary>One channel's plane per pool index: channels are independent.</summary>
    private readonly unsafe struct ChannelAction(float* input, float* weight, float* bias, float* destination, Conv2dShape s) : IRangeAction
    {
        public void Invoke(int index)
        {
            int k = s.KernelSize, plane = s.Height * s.Width, outPlane = s.OutHeight * s.OutWidth;
            var x = new ReadOnlySpan<float>(input + ((long)index * plane), plane);
            var w = new ReadOnlySpan<float>(weight + (index * k * k), k * k);
            var y = new Span<float>(destination + ((long)index * outPlane), outPlane);
            y.Fill(bias == null ? 0f : bias[index]);
            for (int oh = 0; oh < s.OutHeight; oh++)
            {
                Span<float> line = y.Slice(oh * s.OutWidth, s.OutWidth);
                for (int kh = 0; kh < k; kh++)
                {
                    int h = (oh * s.Stride) + kh - s.Padding;
                    if (h >= 0 && h < s.Height)
                    {
                        AccumulateRow(x.Slice(h * s.Width, s.Width), w.Slice(kh * k, k), s, line);
                    }
                }
            }
        }
    }
}
