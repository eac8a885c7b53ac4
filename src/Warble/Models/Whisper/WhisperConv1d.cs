using Warble.Models.Common;
using Warble.Tensors.Gemm;

namespace Warble.Models.Whisper;

/// <summary>
/// openai-whisper's stem convolution (kernel 3, padding 1, stride 1 or 2) as im2col + GEMM. The weight
/// [out, in, 3] is reordered once to [out, 3, in] so a patch is three consecutive input frames; the output
/// comes out time-major [frames, out], which is the layout after <c>AudioEncoder.forward</c>'s permute.
/// </summary>
internal sealed class WhisperConv1d
{
    private const int KernelSize = 3;
    private readonly WeightMatrix weight;
    private readonly float[] bias;

    public WhisperConv1d(WeightSource source, LinearSpec names, int stride)
    {
        int outChannels = names.Weight.Shape[0], inChannels = names.Weight.Shape[1];
        float[] w = source.Floats(names.Weight);
        var reordered = new float[w.Length];
        for (int o = 0; o < outChannels; o++)
        {
            for (int i = 0; i < inChannels; i++)
            {
                for (int t = 0; t < KernelSize; t++)
                {
                    reordered[(((o * KernelSize) + t) * inChannels) + i] = w[(((o * inChannels) + i) * KernelSize) + t];
                }
            }
        }

        weight = WeightMatrix.FromFloats(reordered, outChannels, KernelSize * inChannels);
        bias = source.Floats(names.Bias ?? throw new ArgumentException("a Whisper stem convolution has a bias", nameof(names)));
        InChannels = inChannels;
        OutChannels = outChannels;
        Stride = stride;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int Stride { get; }

    public int OutputFrames(int inputFrames) => ((inputFrames + 2 - KernelSize) / Stride) + 1;

    /// <summary>Convolves <paramref name="input"/> given as [channels, frames] (channelMajor) or [frames, channels].</summary>
    /// <param name="patches">Scratch of at least OutputFrames × 3 × InChannels.</param>
    /// <param name="output">[OutputFrames, OutChannels].</param>
    /// <param name="activation">Applied to the output as the product finishes it.</param>
    public void Forward(ReadOnlySpan<float> input, int frames, bool channelMajor, Span<float> patches, Span<float> output, Activation activation)
    {
        int outFrames = OutputFrames(frames);
        int patch = KernelSize * InChannels;
        long channelStride = channelMajor ? frames : 1;
        long frameStride = channelMajor ? 1 : InChannels;
        for (int t = 0; t < outFrames; t++)
        {
            Span<float> row = patches.Slice(t * patch, patch);
            for (int k = 0; k < KernelSize; k++)
            {
                int source = (t * Stride) + k - 1;
                Span<float> part = row.Slice(k * InChannels, InChannels);
                if (source < 0 || source >= frames)
                {
                    part.Clear();
                    continue;
                }

                if (!channelMajor)
                {
                    input.Slice(source * InChannels, InChannels).CopyTo(part);
                    continue;
                }

                for (int c = 0; c < InChannels; c++)
                {
                    part[c] = input[(int)((c * channelStride) + (source * frameStride))];
                }
            }
        }

        MatMul.MultiplyTransposed(patches[..(outFrames * patch)], outFrames, weight, output[..(outFrames * OutChannels)], bias, activation);
    }
}
