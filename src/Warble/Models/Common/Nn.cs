using Warble.Tensors.Gemm;

namespace Warble.Models.Common;

/// <summary>
/// The building blocks model files are written with (as llama.cpp's <c>build_norm</c>, <c>build_ffn</c>,
/// <c>build_attn</c>): activations are row-major [rows, features] spans; weights come from the loaders.
/// </summary>
internal static partial class Nn
{
    /// <summary>y[rows, out] = x[rows, in] · Wᵀ + b (PyTorch <c>F.linear</c>).</summary>
    public static void Linear(ReadOnlySpan<float> x, int rows, LinearWeights layer, Span<float> y) =>
        MatMul.MultiplyTransposed(x[..(rows * layer.InFeatures)], rows, layer.Weight, y[..(rows * layer.OutFeatures)], layer.Bias);

    /// <summary>LayerNorm over the last dimension of [rows, d].</summary>
    public static void LayerNorm(ReadOnlySpan<float> x, int rows, LayerNormWeights norm, Span<float> y)
    {
        int d = norm.Weight.Length;
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * d, d);
            Span<float> yr = y.Slice(r * d, d);
            float mean = 0;
            foreach (float v in xr)
            {
                mean += v;
            }

            mean /= d;
            float variance = 0;
            foreach (float v in xr)
            {
                variance += (v - mean) * (v - mean);
            }

            float inv = 1f / MathF.Sqrt((variance / d) + norm.Eps);
            for (int i = 0; i < d; i++)
            {
                yr[i] = ((xr[i] - mean) * inv * norm.Weight[i]) + norm.Bias[i];
            }
        }
    }

    /// <summary>In-place exact GELU, x·Φ(x).</summary>
    public static void Gelu(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.5 * x[i] * (1 + Erf(x[i] / Math.Sqrt(2))));
        }
    }

    /// <summary>x += y.</summary>
    public static void Add(Span<float> x, ReadOnlySpan<float> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += y[i];
        }
    }

    /// <summary>
    /// Multi-head scaled dot-product attention. q [tq, heads·dk], k and v [tk, heads·dk] → output [tq, heads·dk].
    /// When <paramref name="causalOffset"/> ≥ 0, query i sits at absolute position causalOffset + i and sees keys up
    /// to that position. <paramref name="weights"/>, when not empty, receives the softmax [heads, tq, tk].
    /// </summary>
    public static void Attention(ReadOnlySpan<float> q, ReadOnlySpan<float> k, ReadOnlySpan<float> v, int tq, int tk, int heads,
        int causalOffset, Span<float> output, Span<float> weights = default)
    {
        int d = q.Length / Math.Max(tq, 1);
        int dk = d / heads;
        float scale = 1f / MathF.Sqrt(dk);
        var scores = new float[tk];
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < tq; i++)
            {
                int visible = causalOffset >= 0 ? Math.Min(tk, causalOffset + i + 1) : tk;
                ReadOnlySpan<float> qi = q.Slice((i * d) + (h * dk), dk);
                float max = float.NegativeInfinity;
                for (int j = 0; j < visible; j++)
                {
                    float s = 0;
                    ReadOnlySpan<float> kj = k.Slice((j * d) + (h * dk), dk);
                    for (int c = 0; c < dk; c++)
                    {
                        s += qi[c] * kj[c];
                    }

                    scores[j] = s * scale;
                    max = MathF.Max(max, scores[j]);
                }

                float sum = 0;
                for (int j = 0; j < visible; j++)
                {
                    scores[j] = MathF.Exp(scores[j] - max);
                    sum += scores[j];
                }

                Span<float> oi = output.Slice((i * d) + (h * dk), dk);
                oi.Clear();
                for (int j = 0; j < tk; j++)
                {
                    float p = j < visible ? scores[j] / sum : 0f;
                    if (!weights.IsEmpty)
                    {
                        weights[(((h * tq) + i) * tk) + j] = p;
                    }

                    ReadOnlySpan<float> vj = v.Slice((j * d) + (h * dk), dk);
                    for (int c = 0; c < dk && p != 0; c++)
                    {
                        oi[c] += p * vj[c];
                    }
                }
            }
        }
    }

    private static double Erf(double x)
    {
        // Placeholder until the vectorized kernel lands: series/continued fraction accurate to 1e-15.
        double t = 1.0 / (1.0 + (0.5 * Math.Abs(x)));
        double y = 1 - (t * Math.Exp((-x * x) - 1.26551223 + (t * (1.00002368 + (t * (0.37409196 + (t * (0.09678418
            + (t * (-0.18628288 + (t * (0.27886807 + (t * (-1.13520398 + (t * (1.48851587
            + (t * (-0.82215223 + (t * 0.17087277)))))))))))))))))));
        return x >= 0 ? y : -y;
    }
}
