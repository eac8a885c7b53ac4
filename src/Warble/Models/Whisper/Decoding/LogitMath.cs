namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The small reductions decoding needs over one logits row, in float32 like the reference's
/// <c>F.log_softmax(logits.float())</c>; the exp-sum is accumulated in double so the result sits
/// within float rounding of torch's.
/// </summary>
internal static class LogitMath
{
    /// <summary>max(x); −∞ for an all −∞ (or empty) row.</summary>
    public static float Max(ReadOnlySpan<float> x)
    {
        float max = float.NegativeInfinity;
        foreach (float v in x)
        {
            if (v > max || float.IsNaN(v))
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>Index of the first maximum, as <c>torch.argmax</c>.</summary>
    public static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>log(Σ exp(x)) computed as max + log(Σ exp(x − max)).</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = Max(x);
        if (float.IsNegativeInfinity(max))
        {
            return float.NegativeInfinity;
        }

        double sum = 0;
        foreach (float v in x)
        {
            sum += MathF.Exp(v - max);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>Writes log_softmax(x) into <paramref name="destination"/>.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> destination)
    {
        float lse = LogSumExp(x);
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = x[i] - lse;
        }
    }

    /// <summary>softmax(x)[index], as <c>x.softmax(-1)[index]</c>.</summary>
    public static double SoftmaxAt(ReadOnlySpan<float> x, int index)
    {
        float max = Max(x);
        double sum = 0;
        foreach (float v in x)
        {
            sum += MathF.Exp(v - max);
        }

        return (float)(MathF.Exp(x[index] - max) / sum);
    }
}
