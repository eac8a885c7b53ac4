using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>ConvSubsampling</c> with <c>subsampling: dw_striding</c>: Conv2d(1→C, 3×3, s2) → ReLU, then
/// log2(factor) − 1 times [depthwise Conv2d(C, 3×3, s2) → pointwise Conv2d(C→C) → ReLU], then <c>out</c>, a Linear
/// over the flattened channel·freq axis. The conv stack is a <c>MaskedConvSequential</c>: time steps at or beyond the
/// current length are zeroed before every layer and after the last, the length shrinking with each strided conv.
/// Data is laid out as Conv2d's [channels, time, freq]. <see cref="Forward(ReadOnlySpan{float}, int, int, Span{float})"/> runs the
/// stack over pieces of output frames, so its buffers are bounded by the piece, not the input (256 channels × T/2 × F/2 floats
/// for the whole would be 3.1 MiB per second of audio). Scratch is planned on first use and kept for the next call;
/// a call made while another holds it plans its own.
/// </summary>
internal sealed class ConvSubsampling
{
    /// <summary>The 2-D convolutions' kernel size.</summary>
    public const int Kernel = 3;

    private const int Stride = 2, Padding = 1;
    private readonly ConformerEncoderConfig config;
    private readonly int channels;
    private readonly float[] conv0Weight, conv0Bias;
    private readonly (float[] DwWeight, float[] DwBias, float[] PwWeight, float[] PwBias)[] stages;
    private readonly LinearWeights output;
    private ConvSubsamplingScratch? idleScratch;

    public ConvSubsampling(WeightSource source, ParakeetWeights.SubsamplingNames names, ConformerEncoderConfig config)
    {
        this.config = config;
        channels = config.SubsamplingConvChannels;
        (conv0Weight, conv0Bias) = Conv(source, names.Conv0);
        stages = [.. names.Stages.Select(stage =>
        {
            var (dwWeight, dwBias) = Conv(source, stage.Depthwise);
            var (pwWeight, pwBias) = Conv(source, stage.Pointwise);
            return (dwWeight, dwBias, pwWeight, pwBias);
        })];
        output = LinearWeights.Load(source, names.Out);
    }

    /// <summary>Size of an axis after the strided convs (PyTorch's floor arithmetic, also NeMo's <c>calc_length</c>).</summary>
    public int OutputSize(int size) => OutputSize(size, config.SubsamplingFactor);

    /// <summary>Size of an axis after the log2(<paramref name="subsamplingFactor"/>) strided convs.</summary>
    public static int OutputSize(int size, int subsamplingFactor)
    {
        for (int i = 0; i < System.Numerics.BitOperations.Log2((uint)subsamplingFactor); i++)
        {
            size = Nn.Conv2dOutputSize(size, Kernel, Stride, Padding);
        }

        return size;
    }

    private static (float[] Weight, float[] Bias) Conv(WeightSource source, LinearSpec names) =>
        (source.Floats(names.Weight), source.Floats(names.Bias ?? throw new ArgumentException("the subsampling convolutions have biases", nameof(names))));

    /// <summary>The conv stack up to its final time mask, before flatten and <c>out</c>.</summary>
    /// <param name="features">[feat_in, frames], channel-major as the preprocessor returns it.</param>
    /// <param name="length">Valid frames.</param>
    /// <param name="stack">[C, OutputSize(frames), OutputSize(feat_in)].</param>
    /// <returns>The valid length after subsampling.</returns>
    public int ForwardConv(ReadOnlySpan<float> features, int frames, int length, Span<float> stack)
    {
        int size = channels * OutputSize(frames) * OutputSize(config.FeatIn);
        ConvSubsamplingScratch scratch = Interlocked.Exchange(ref idleScratch, null) ?? new ConvSubsamplingScratch();
        ConvStack(features, frames, 0, frames, ref length, scratch).AsSpan(0, size).CopyTo(stack);
        idleScratch = scratch;
        return length;
    }

    /// <summary>As NeMo <c>ConvSubsampling.forward</c>, in pieces of <see cref="DefaultChunkRows"/> output frames.</summary>
    /// <param name="features">[feat_in, frames].</param>
    /// <param name="output">[OutputSize(frames), d_model].</param>
    /// <returns>The valid length after subsampling.</returns>
    public int Forward(ReadOnlySpan<float> features, int frames, int length, Span<float> output) =>
        Forward(features, frames, length, output, DefaultChunkRows);

    /// <summary>Output frames per piece of <see cref="Forward(ReadOnlySpan{float}, int, int, Span{float})"/>: 512 (41 s of audio, 134 MiB of conv buffers at 256 channels).</summary>
    internal const int DefaultChunkRows = 512;

    /// <summary>
    /// The same result, the conv stack run over pieces of <paramref name="chunkRows"/> output frames so that its buffers
    /// stay bounded whatever the length. A stride-2, kernel-3, padding-1 conv's row r reads input rows 2r − 1 … 2r + 1,
    /// so a piece of whole output frames [a, b) needs the feature frames [factor·a, factor·b) and, for its first row,
    /// one more output frame's worth on the left; run from there, only that extra first row sees the piece's zero
    /// padding instead of real input, and it is dropped. The time masks are the same, shifted by the piece's start.
    /// </summary>
    internal int Forward(ReadOnlySpan<float> features, int frames, int length, Span<float> output, int chunkRows)
    {
        int h = OutputSize(frames), factor = config.SubsamplingFactor, d = config.DModel;
        ConvSubsamplingScratch scratch = Interlocked.Exchange(ref idleScratch, null) ?? new ConvSubsamplingScratch();
        for (int a = 0, b; a < h; a = b)
        {
            b = a + Math.Min(chunkRows, h - a);
            int halo = a == 0 ? 0 : 1, start = (a - halo) * factor;
            int count = (b == h ? frames : b * factor) - start, pieceLength = Math.Clamp(length - start, 0, count);
            float[] stack = ConvStack(features, frames, start, count, ref pieceLength, scratch);
            Flatten(stack, OutputSize(count), halo, b - a, scratch);
            Nn.Linear(scratch.Flat, b - a, this.output, output.Slice(a * d, (b - a) * d));
        }

        idleScratch = scratch;
        return OutputSize(length);
    }

    /// <summary>Rows [first, first + rows) of a [C, h, F'] stack flattened as NeMo's x.transpose(1, 2).reshape(b, t, -1): [rows, C·F'].</summary>
    private void Flatten(float[] stack, int h, int first, int rows, ConvSubsamplingScratch scratch)
    {
        int w = OutputSize(config.FeatIn);
        float[] flat = ConvSubsamplingScratch.Grow(ref scratch.Flat, rows * channels * w);
        for (int c = 0; c < channels; c++)
        {
            for (int t = 0; t < rows; t++)
            {
                stack.AsSpan(((c * h) + first + t) * w, w).CopyTo(flat.AsSpan(((t * channels) + c) * w, w));
            }
        }
    }

    /// <summary>
    /// Runs the masked conv stack over feature frames [start, start + count) into the planned scratch; returns the
    /// buffer holding [C, T', F'] (T' = OutputSize(count)). <paramref name="length"/> counts from start.
    /// </summary>
    private float[] ConvStack(ReadOnlySpan<float> features, int frames, int start, int count, ref int length, ConvSubsamplingScratch scratch)
    {
        int freq = config.FeatIn;
        float[] image = ConvSubsamplingScratch.Grow(ref scratch.Image, count * freq);
        image.AsSpan(0, count * freq).Clear();
        for (int t = 0; t < Math.Min(length, count); t++)
        {
            for (int f = 0; f < freq; f++)
            {
                image[(t * freq) + f] = features[(f * frames) + start + t];
            }
        }

        int h = Nn.Conv2dOutputSize(count, Kernel, Stride, Padding), w = Nn.Conv2dOutputSize(freq, Kernel, Stride, Padding);
        length = Nn.Conv2dOutputSize(length, Kernel, Stride, Padding);
        float[] x = ConvSubsamplingScratch.Grow(ref scratch.Output, channels * h * w);
        Nn.Conv2d(image, 1, count, freq, conv0Weight, conv0Bias, channels, Kernel, Stride, Padding, 1, x);
        Span<float> current = x.AsSpan(0, channels * h * w);
        MaskTime(current, h, w, length);
        Nn.Relu(current);
        foreach ((float[] dwWeight, float[] dwBias, float[] pwWeight, float[] pwBias) in stages)
        {
            int h2 = Nn.Conv2dOutputSize(h, Kernel, Stride, Padding), w2 = Nn.Conv2dOutputSize(w, Kernel, Stride, Padding);
            float[] depthwise = ConvSubsamplingScratch.Grow(ref scratch.Depthwise, channels * h2 * w2);
            Nn.Conv2d(x, channels, h, w, dwWeight, dwBias, channels, Kernel, Stride, Padding, channels, depthwise);
            (h, w, length) = (h2, w2, Nn.Conv2dOutputSize(length, Kernel, Stride, Padding));
            MaskTime(depthwise.AsSpan(0, channels * h * w), h, w, length);
            // The pointwise output is smaller than the stage input, so it reuses that buffer.
            current = x.AsSpan(0, channels * h * w);
            Nn.PointwiseConv(depthwise, channels, h * w, pwWeight, pwBias, channels, current);
            MaskTime(current, h, w, length);
            Nn.Relu(current);
        }

        return x;
    }

    private static void MaskTime(Span<float> x, int frames, int width, int length)
    {
        int channelsCount = x.Length / (frames * width);
        for (int c = 0; c < channelsCount && length < frames; c++)
        {
            x.Slice(((c * frames) + length) * width, (frames - length) * width).Clear();
        }
    }
}
