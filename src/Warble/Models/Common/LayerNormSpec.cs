namespace Warble.Models.Common;

/// <summary>The table entries of a LayerNorm: <c>{prefix}.weight</c> and <c>{prefix}.bias</c>, both [dim].</summary>
internal sealed record LayerNormSpec(TensorSpec Weight, TensorSpec Bias)
{
    public static LayerNormSpec Of(string prefix, int dim) => new(new TensorSpec(prefix + ".weight", [dim]), new TensorSpec(prefix + ".bias", [dim]));

    public IEnumerable<TensorSpec> Tensors => [Weight, Bias];
}
