using Warble.Tensors;

namespace Warble.Formats;

/// <summary>One tensor of a GGUF file: its name, type, PyTorch-order shape and offset in the data section.</summary>
internal sealed record GgufTensorInfo(string Name, DType Type, int[] Shape, long Offset, long ByteCount);
