namespace Warble.Models.Common;

/// <summary>
/// The table entries of a layer with a weight and an optional bias: a linear ([out, in]), or a convolution
/// ([out, in, k…]) that the models run as a linear over patches.
/// </summary>
internal sealed record LinearSpec(TensorSpec Weight, TensorSpec? Bias)
{
    /// <summary><c>{prefix}.weight</c> of <paramref name="weightShape"/> and, when <paramref name="hasBias"/>, <c>{prefix}.bias</c> [out].</summary>
    public static LinearSpec Of(string prefix, int[] weightShape, bool hasBias = true) =>
        new(new TensorSpec(prefix + ".weight", weightShape), hasBias ? new TensorSpec(prefix + ".bias", [weightShape[0]]) : null);

    /// <summary>A linear <c>{prefix}</c> of weight [out, in].</summary>
    public static LinearSpec Of(string prefix, int outFeatures, int inFeatures, bool hasBias = true) =>
        Of(prefix, [outFeatures, inFeatures], hasBias);

    public int OutFeatures => Weight.Shape[0];

    /// <summary>The weight's columns: every dimension after the first.</summary>
    public int InFeatures => Weight.Shape.Skip(1).Aggregate(1, (a, d) => a * d);

    public IEnumerable<TensorSpec> Tensors => Bias is { } bias ? [Weight, bias] : [Weight];
}
