using Warble.Tensors.Gemm;

namespace Warble.Models.Common;

/// <summary>A linear layer: weight [out, in] in its stored dtype, optional f32 bias [out].</summary>
internal sealed record LinearWeights(WeightMatrix Weight, float[]? Bias)
{
    public int InFeatures => Weight.Columns;

    public int OutFeatures => Weight.Rows;

    /// <summary>Reads <c>{prefix}.weight</c> and, when <paramref name="hasBias"/>, <c>{prefix}.bias</c>.</summary>
    public static LinearWeights Load(WeightSource source, string prefix, int outFeatures, int inFeatures, bool hasBias = true) =>
        new(source.Matrix(prefix + ".weight", outFeatures, inFeatures),
            hasBias ? source.Floats(prefix + ".bias", outFeatures) : null);
}
