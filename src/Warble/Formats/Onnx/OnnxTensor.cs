namespace Warble.Formats.Onnx;

/// <summary>An ONNX <c>TensorProto</c> of float or integer values (initializers and <c>Constant</c> node values).</summary>
/// <param name="Name">The tensor's name in the graph (empty for an anonymous Constant value).</param>
/// <param name="Dims">Its shape, outermost first.</param>
/// <param name="Floats">The values of a FLOAT tensor, else null.</param>
/// <param name="Integers">The values of an INT32 or INT64 tensor, else null.</param>
internal sealed record OnnxTensor(string Name, long[] Dims, float[]? Floats, long[]? Integers)
{
    /// <summary>Number of elements: the product of <see cref="Dims"/>.</summary>
    public long ElementCount => Dims.Aggregate(1L, (a, d) => checked(a * d));
}
