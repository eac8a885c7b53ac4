using Warble.Tensors;

namespace Warble.Formats;

/// <summary>
/// One tensor of a whisper.cpp ggml file (as <c>whisper_model_load</c> and <c>parakeet_model_load</c> read them):
/// n_dims, name length, ggml type, n_dims dims innermost first, the name, then the data with no padding.
/// </summary>
internal static class GgmlTensorRecord
{
    private const int MaxNameBytes = 1024;

    /// <summary>Reads the record at the cursor and returns a view over its data.</summary>
    /// <param name="cursor">Positioned at the record; left after its data.</param>
    /// <param name="minDims">0 where the writer stores scalars with no dims (whisper.cpp's Parakeet converter squeezes them).</param>
    public static (string Name, TensorView View) Read(BinaryCursor cursor, int minDims = 1)
    {
        long start = cursor.Position;
        int nDims = cursor.ReadI32();
        int nameLength = cursor.ReadI32();
        uint typeId = cursor.ReadU32();
        if (nDims < minDims || nDims > 4 || nameLength is < 1 or > MaxNameBytes)
        {
            throw cursor.Region.Fail(start, $"tensor header has {nDims} dims and a name of {nameLength} bytes: corrupt");
        }

        var shape = new int[nDims];
        long count = 1;
        for (int d = 0; d < nDims; d++)
        {
            int ne = cursor.ReadI32();
            if (ne < 0 || (ne > 0 && count > long.MaxValue / 64 / ne))
            {
                throw cursor.Region.Fail(start, $"tensor dimension {d} = {ne} is out of range");
            }

            shape[nDims - 1 - d] = ne;
            count *= ne;
        }

        string name = cursor.ReadUtf8(nameLength, MaxNameBytes, "a tensor name");
        if (!GgmlType.TryToDType(typeId, out DType type) || (type.BlockSize() > 1 && (nDims == 0 || shape[^1] % type.BlockSize() != 0)))
        {
            throw cursor.Region.Fail(start, $"tensor '{name}' has ggml type {typeId} that Warble does not read or rows that do not fill whole blocks");
        }

        long bytes = type.ByteCount(count);
        if (bytes > cursor.Remaining)
        {
            throw cursor.Fail($"tensor '{name}' needs {bytes} bytes but the file ends after {cursor.Remaining}: truncated");
        }

        var view = new TensorView(type, cursor.Region.Memory(cursor.Position, bytes), shape);
        cursor.Skip(bytes);
        return (name, view);
    }
}
