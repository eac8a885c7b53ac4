namespace Warble.Models.Common;

/// <summary>LayerNorm gain and bias over the last dimension.</summary>
internal sealed record LayerNormWeights(float[] Weight, float[] Bias, float Eps)
{
    public static LayerNormWeights Load(WeightSource source, string prefix, int dim, float eps = 1e-5f) =>
        new(source.Floats(prefix + ".weight", dim), source.Floats(prefix + ".bias", dim), eps);
}
