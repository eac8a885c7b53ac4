namespace Warble.Formats.Onnx;

/// <summary>An ONNX <c>NodeProto</c>: one operator with its inputs, outputs and integer attributes.</summary>
/// <param name="Name">The node's name (PyTorch's exporter writes the module path, e.g. <c>/_model/encoder/encoder.0/reparam_conv/Conv</c>).</param>
/// <param name="OpType">The operator, e.g. <c>Conv</c>.</param>
/// <param name="Inputs">Input value names, in the operator's order.</param>
/// <param name="Outputs">Output value names.</param>
/// <param name="IntAttributes">Attributes of type INT or INTS, each as a list.</param>
internal sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, long[]> IntAttributes);
