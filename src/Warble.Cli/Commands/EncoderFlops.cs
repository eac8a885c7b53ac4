using Warble.Models.Parakeet;
using Warble.Models.Whisper;

namespace Warble.Cli.Commands;

/// <summary>
/// FLOPs (two per multiply-add) of an encoder's products: linear layers, convolutions and the attention products, the
/// work that issue #25's "f32 FLOP ceiling" divides by the f32 rate (<see cref="BenchCompute"/>). Norms, activations
/// and softmax are left out, so an encoder at the ceiling would do nothing but products at the GEMM's rate. Parakeet
/// 0.6b on 60 s comes to 1071 GFLOP, the figure the issue quotes.
/// </summary>
internal static class EncoderFlops
{
    /// <summary>Whisper's <c>AudioEncoder</c> over one 30 s window: two convolutions, then the blocks.</summary>
    public static double Whisper(WhisperDimensions d)
    {
        double t = d.NAudioCtx, w = d.NAudioState;
        double convolutions = (2 * t * d.NMels * 3 * w) + (t * w * 3 * w);
        double block = (4 * t * w * w) + (8 * t * w * w) + (2 * t * t * w);
        return 2 * (convolutions + (d.NAudioLayer * block));
    }

    /// <summary>
    /// FastConformer's encoder over <paramref name="featureFrames"/> frames: the striding subsampling (a full 3×3
    /// convolution, then depthwise 3×3 and pointwise pairs, then the linear), and per layer two feed-forwards, the
    /// relative-position attention (<paramref name="keys"/> visible keys a query) and the convolution module.
    /// </summary>
    public static double Parakeet(ConformerEncoderConfig c, int featureFrames, int frames, int keys)
    {
        double channels = c.SubsamplingConvChannels, t = featureFrames, f = c.FeatIn, subsampling = 0;
        for (int stage = 0; (1 << stage) < c.SubsamplingFactor; stage++)
        {
            t = Math.Ceiling(t / 2);
            f = Math.Ceiling(f / 2);
            subsampling += stage == 0 ? t * f * channels * 9 : (t * f * channels * 9) + (t * f * channels * channels);
        }

        double d = c.DModel, n = frames, positions = (2 * n) - 1;
        subsampling += n * channels * f * d;
        double feedForwards = 2 * 2 * n * d * c.FfExpansionFactor * d;
        double attention = (4 * n * d * d) + (positions * d * d) + (2 * n * keys * d) + (n * Math.Min(positions, (2 * keys) - 1) * d);
        double convolution = (n * d * 2 * d) + (n * d * c.ConvKernelSize) + (n * d * d);
        return 2 * (subsampling + (c.NLayers * (feedForwards + attention + convolution)));
    }
}
