using Warble.Tensors.Gemm;

namespace Warble.Models.Common;

/// <summary>A linear layer: weight [out, in] in its stored dtype, optional f32 bias [out].</summary>
internal sealed record LinearWeights(WeightMatrix Weight, float[]? Bias)
{
    public int InFeatures => Weight.Columns;

    public int OutFeatures => Weight.Rows;

    /// <summary>Reads the layer's weight (as a matrix [out, in·k…]) and its bias when the table has one.</summary>
    public static LinearWeights Load(WeightSource source, LinearSpec spec) =>
        new(source.Matrix(spec.Weight), spec.Bias is { } bias ? source.Floats(bias) : null);
}
