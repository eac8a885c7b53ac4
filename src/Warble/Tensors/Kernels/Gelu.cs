using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Tensors.Kernels;

/// <summary>
/// GELU in its exact erf form, as PyTorch's default <c>nn.GELU()</c> (approximate='none'), which
/// openai-whisper's MLP and convolution stem use.
/// </summary>
internal static class Gelu
{
    /// <summary>destination = GELU(x).</summary>
    /// <param name="x">Any length.</param>
    /// <param name="destination">At least as long as <paramref name="x"/>; may be <paramref name="x"/> itself.</param>
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination) => UnaryDriver.Apply<GeluOperator>(x, destination);

    /// <summary>Scalar definition: 0.5 · x · (1 + erf(x / √2)) in double.</summary>
    internal static void Reference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            destination[i] = (float)(0.5 * v * (1 + ErfReference(v / Math.Sqrt(2))));
        }
    }

    /// <summary>
    /// erf in double from the series erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), whose terms are
    /// all positive (no cancellation); |x| ≥ 6 gives ±1, exact in double to 1e-17.
    /// </summary>
    internal static double ErfReference(double x)
    {
        double a = Math.Abs(x);
        if (a >= 6)
        {
            return Math.Sign(x);
        }

        double term = a, sum = a, a2 = a * a;
        for (int n = 1; term > sum * 1e-17; n++)
        {
            term *= 2 * a2 / ((2 * n) + 1);
            sum += term;
        }

        return Math.Sign(x) * 2 / Math.Sqrt(Math.PI) * Math.Exp(-a2) * sum;
    }
}
