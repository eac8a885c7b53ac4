using Warble.Tensors;

namespace Warble.Formats;

/// <summary>A tensor storage of a PyTorch zip checkpoint: <c>data/KEY</c>, typed by its <c>torch.*Storage</c> class.</summary>
internal sealed record TorchStorage(DType Type, ByteRegion Data, long ElementCount);
