namespace Warble.Models.Common;

/// <summary>LayerNorm gain and bias over the last dimension.</summary>
internal sealed record LayerNormWeights(float[] Weight, float[] Bias, float Eps)
{
    public static LayerNormWeights Load(WeightSource source, LayerNormSpec spec, float eps = 1e-5f) =>
        new(source.Floats(spec.Weight), source.Floats(spec.Bias), eps);
}
