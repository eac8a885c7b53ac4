using Warble.Tensors;

namespace Warble.Formats;

/// <summary>torch._utils._rebuild_tensor_v2 as a view: checks the size and stride against the storage.</summary>
internal static class TorchTensorRebuild
{
    private const int MaxRank = 8;

    /// <summary>Arguments: (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata]).</summary>
    public static TensorView RebuildTensorV2(object?[] args, ByteRegion pickle, long at)
    {
        if (args.Length < 4 || args[0] is not TorchStorage storage || args[1] is not long offset
            || args[2] is not object?[] size || args[3] is not object?[] stride || size.Length != stride.Length || size.Length > MaxRank)
        {
            throw pickle.Fail(at, "_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, ...)");
        }

        var shape = new int[size.Length];
        long count = 1;
        for (int i = 0; i < size.Length; i++)
        {
            if (size[i] is not long d || d < 0 || d > int.MaxValue || (d > 0 && count > long.MaxValue / 16 / d))
            {
                throw pickle.Fail(at, $"_rebuild_tensor_v2 size [{string.Join(", ", size)}] is out of range");
            }

            shape[i] = (int)d;
            count *= d;
        }

        long[] contiguous = TensorView.ContiguousStrides(shape);
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] > 1 && (stride[i] is not long s || s != contiguous[i]))
            {
                throw pickle.Fail(at, $"tensor of size [{string.Join(", ", shape)}] is not contiguous; Warble reads contiguous tensors only");
            }
        }

        if (offset < 0 || offset > storage.ElementCount || count > storage.ElementCount - offset)
        {
            throw pickle.Fail(at, $"tensor of {count} values at offset {offset} overruns its storage of {storage.ElementCount}");
        }

        int elementBytes = storage.Type.BlockBytes();
        return new TensorView(storage.Type, storage.Data.Memory(offset * elementBytes, count * elementBytes), shape);
    }
}
