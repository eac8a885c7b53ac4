using System.Numerics.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Models.Silero;

/// <summary>
/// Silero VAD's <c>STFT.transform_</c>: reflection padding of 64 samples on the right, a strided convolution with the
/// fixed Fourier basis (filter_length 256, hop 128, so 4 steps for a 576-sample input), and the magnitude
/// √(real² + imag²) of the 129 bins. The convolution is one product over all frames of a batch.
/// </summary>
internal static class Stft
{
    /// <summary>Samples of reflection padding on the right (<c>nn.ReflectionPad1d((0, 64))</c>).</summary>
    public const int RightPadding = 64;

    /// <summary>STFT steps per model input.</summary>
    public const int Steps = ((SileroVad.InputLength + RightPadding - SileroVadWeights.FilterLength) / SileroVadWeights.HopLength) + 1;

    /// <summary>Magnitudes of a batch of inputs.</summary>
    /// <param name="inputs">[frames, 576]: each model input, context included.</param>
    /// <param name="frames">How many inputs.</param>
    /// <param name="basis">The forward basis [258, 256].</param>
    /// <param name="columns">Scratch [frames·4, 256].</param>
    /// <param name="transform">Scratch [frames·4, 258].</param>
    /// <param name="magnitude">[frames, 4, 129], time-major.</param>
    public static void Forward(ReadOnlySpan<float> inputs, int frames, in WeightMatrix basis, Span<float> columns, Span<float> transform, Span<float> magnitude)
    {
        const int n = SileroVad.InputLength, k = SileroVadWeights.FilterLength, bins = SileroVadWeights.Bins;
        int rows = frames * Steps;
        for (int f = 0; f < frames; f++)
        {
            ReadOnlySpan<float> x = inputs.Slice(f * n, n);
            for (int t = 0; t < Steps; t++)
            {
                Span<float> row = columns.Slice(((f * Steps) + t) * k, k);
                int start = t * SileroVadWeights.HopLength, inside = Math.Clamp(n - start, 0, k);
                x.Slice(start, inside).CopyTo(row);
                for (int j = inside; j < k; j++)
                {
                    row[j] = x[(2 * (n - 1)) - (start + j)]; // reflect about the last sample
                }
            }
        }

        MatMul.MultiplyTransposed(columns[..(rows * k)], rows, basis, transform[..(rows * 2 * bins)]);
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> real = transform.Slice(r * 2 * bins, bins), imag = transform.Slice((r * 2 * bins) + bins, bins);
            Span<float> m = magnitude.Slice(r * bins, bins);
            TensorPrimitives.Multiply(real, real, m);
            TensorPrimitives.FusedMultiplyAdd(imag, imag, m, m);
            TensorPrimitives.Sqrt(m, m);
        }
    }
}
