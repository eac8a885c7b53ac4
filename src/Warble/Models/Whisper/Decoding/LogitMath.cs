using System.Numerics.Tensors;
using Warble.Tensors.Simd;

namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The small reductions decoding needs over one logits row, in float32 like the reference's
/// <c>F.log_softmax(logits.float())</c>: vectorized, with <see cref="FastExp"/> (about 1 ulp per term) and the exp-sum
/// carried in double, so the result sits within float rounding of torch's.
/// </summary>
internal static class LogitMath
{
    /// <summary>max(x); −∞ for an all −∞ (or empty) row, NaN if any is NaN.</summary>
    public static float Max(ReadOnlySpan<float> x) => x.IsEmpty ? float.NegativeInfinity : TensorPrimitives.Max(x);

    /// <summary>log(Σ exp(x)) computed as max + log(Σ exp(x − max)).</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = Max(x);
        return float.IsNegativeInfinity(max) ? float.NegativeInfinity : max + (float)Math.Log(FastExp.SumOfExp(x, max));
    }

    /// <summary>Writes log_softmax(x) into <paramref name="destination"/>.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> destination) =>
        TensorPrimitives.Subtract(x, LogSumExp(x), destination[..x.Length]);

    /// <summary>softmax(x)[index], as <c>x.softmax(-1)[index]</c>.</summary>
    public static double SoftmaxAt(ReadOnlySpan<float> x, int index)
    {
        float max = Max(x);
        return (float)(MathF.Exp(x[index] - max) / FastExp.SumOfExp(x, max));
    }
}
