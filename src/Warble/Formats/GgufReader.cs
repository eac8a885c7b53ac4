// GGUF v2/v3 reader (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md, gguf.h).
// Byte layout, little-endian:
//  1. magic "GGUF" (4 bytes), version u32 (2 or 3), tensor_count u64, kv_count u64.
//  2. kv_count metadata pairs: key (u64 length + UTF-8), value type u32, value. Strings are u64
//     length + UTF-8; arrays are element type u32, count u64, elements (arrays of arrays are refused).
//  3. tensor_count tensor infos: name (string), n_dims u32 (0..4; 0 is a scalar), n_dims × u64 ne (innermost
//     first), ggml type u32, offset u64 relative to the data section.
//  4. padding to general.alignment (default 32), then the data section; each tensor's offset is a
//     multiple of the alignment.
// Validated: magic, version, every count against the bytes left (before allocating), string
// lengths, UTF-8, dims (non-negative, element count fits), types known to Warble, block-aligned
// rows, alignment a power of two, offsets aligned and inside the file, duplicate names.
using Warble.Tensors;

namespace Warble.Formats;

/// <summary>Reads a GGUF file's header; tensor data stays in the mapping.</summary>
internal static class GgufReader
{
    public const uint Magic = 0x46554747;
    public const int DefaultAlignment = 32;
    private const long MaxStringBytes = 1L << 30;
    private const int MaxDims = 4;

    public static GgufFile Read(ByteRegion region)
    {
        var cursor = new BinaryCursor(region);
        if (region.Length < 4 || cursor.ReadU32() != Magic)
        {
            throw region.Fail(0, "not a GGUF file (bad magic)");
        }

        uint version = cursor.ReadU32();
        if (version is not (2 or 3))
        {
            throw cursor.Fail($"GGUF version {version} is not supported (2 or 3)");
        }

        ulong tensorCount = cursor.ReadU64();
        ulong kvCount = cursor.ReadU64();
        cursor.RequireItems(kvCount, 8 + 4 + 1, "the metadata count");
        var metadata = new List<KeyValuePair<string, object>>((int)kvCount);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < kvCount; i++)
        {
            string key = ReadString(cursor, "a metadata key");
            if (!keys.Add(key))
            {
                throw cursor.Fail($"metadata key '{key}' appears twice");
            }

            var type = (GgufValueType)cursor.ReadU32();
            metadata.Add(new(key, ReadValue(cursor, type, key)));
        }

        int alignment = Alignment(region, metadata);
        cursor.RequireItems(tensorCount, 8 + 4 + 8 + 4 + 8, "the tensor count");
        var infos = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (ulong i = 0; i < tensorCount; i++)
        {
            GgufTensorInfo info = ReadTensorInfo(cursor);
            if (!names.Add(info.Name))
            {
                throw cursor.Fail($"tensor '{info.Name}' appears twice");
            }

            infos.Add(info);
        }

        long dataOffset = AlignUp(cursor.Position, alignment);
        long dataLength = region.Length - dataOffset;
        foreach (GgufTensorInfo info in infos)
        {
            if (info.Offset % alignment != 0 || info.Offset > dataLength || info.ByteCount > dataLength - info.Offset)
            {
                throw region.Fail(dataOffset + info.Offset,
                    $"tensor '{info.Name}' ({info.ByteCount} bytes at data offset {info.Offset}) lies outside the file or is misaligned: truncated or corrupt");
            }
        }

        return new GgufFile(region, version, metadata, infos, dataOffset, alignment);
    }

    public static long AlignUp(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static int Alignment(ByteRegion region, List<KeyValuePair<string, object>> metadata)
    {
        foreach (var (key, value) in metadata)
        {
            if (key == "general.alignment")
            {
                return value is uint a && a > 0 && a <= 1 << 20 && (a & (a - 1)) == 0
                    ? (int)a
                    : throw region.Fail(0, "general.alignment is not a u32 power of two");
            }
        }

        return DefaultAlignment;
    }

    private static GgufTensorInfo ReadTensorInfo(BinaryCursor cursor)
    {
        string name = ReadString(cursor, "a tensor name");
        uint nDims = cursor.ReadU32();
        if (nDims > MaxDims)
        {
            throw cursor.Fail($"tensor '{name}' has {nDims} dimensions (at most {MaxDims})");
        }

        var shape = new int[nDims];
        long count = 1;
        for (int d = 0; d < nDims; d++)
        {
            ulong ne = cursor.ReadU64();
            if (ne > int.MaxValue || (ne > 0 && count > long.MaxValue / 64 / (long)ne))
            {
                throw cursor.Fail($"tensor '{name}' dimension {d} = {ne} is too large");
            }

            shape[nDims - 1 - d] = (int)ne;
            count *= (long)ne;
        }

        uint typeId = cursor.ReadU32();
        if (!GgmlType.TryToDType(typeId, out var type))
        {
            throw cursor.Fail($"tensor '{name}' has ggml type {typeId}, which Warble does not read");
        }

        // A zero-dimensional tensor holds one value, which no block type can store.
        if ((nDims > 0 ? shape[^1] : 1) % type.BlockSize() != 0)
        {
            throw cursor.Fail($"tensor '{name}' rows of {(nDims > 0 ? shape[^1] : 1)} do not fill whole {type.Name()} blocks");
        }

        ulong offset = cursor.ReadU64();
        if (offset > long.MaxValue)
        {
            throw cursor.Fail($"tensor '{name}' offset {offset} is too large");
        }

        return new GgufTensorInfo(name, type, shape, (long)offset, type.ByteCount(count));
    }

    private static string ReadString(BinaryCursor cursor, string what)
    {
        ulong length = cursor.ReadU64();
        return cursor.ReadUtf8(length > MaxStringBytes ? -1 : (long)length, MaxStringBytes, what);
    }

    private static object ReadValue(BinaryCursor cursor, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => cursor.ReadU8(),
        GgufValueType.Int8 => (sbyte)cursor.ReadU8(),
        GgufValueType.UInt16 => cursor.ReadU16(),
        GgufValueType.Int16 => (short)cursor.ReadU16(),
        GgufValueType.UInt32 => cursor.ReadU32(),
        GgufValueType.Int32 => cursor.ReadI32(),
        GgufValueType.Float32 => cursor.ReadF32(),
        GgufValueType.Bool => ReadBool(cursor, key),
        GgufValueType.String => ReadString(cursor, $"the value of '{key}'"),
        GgufValueType.UInt64 => cursor.ReadU64(),
        GgufValueType.Int64 => cursor.ReadI64(),
        GgufValueType.Float64 => cursor.ReadF64(),
        GgufValueType.Array => ReadArray(cursor, key),
        _ => throw cursor.Fail($"metadata '{key}' has unknown value type {(uint)type}"),
    };

    private static bool ReadBool(BinaryCursor cursor, string key) => cursor.ReadU8() switch
    {
        0 => false,
        1 => true,
        var b => throw cursor.Fail($"metadata '{key}' bool is {b}"),
    };

    private static object ReadArray(BinaryCursor cursor, string key)
    {
        var type = (GgufValueType)cursor.ReadU32();
        ulong count = cursor.ReadU64();
        int itemBytes = type switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 or GgufValueType.String => 8,
            _ => throw cursor.Fail($"metadata '{key}' is an array of {type}, which Warble does not read"),
        };
        cursor.RequireItems(count, itemBytes, $"metadata array '{key}'");
        int n = (int)count;
        return type switch
        {
            GgufValueType.UInt8 => cursor.Take(n).ToArray(),
            GgufValueType.Int8 => Fill(n, _ => (sbyte)cursor.ReadU8()),
            GgufValueType.Bool => Fill(n, _ => ReadBool(cursor, key)),
            GgufValueType.UInt16 => Fill(n, _ => cursor.ReadU16()),
            GgufValueType.Int16 => Fill(n, _ => (short)cursor.ReadU16()),
            GgufValueType.UInt32 => Fill(n, _ => cursor.ReadU32()),
            GgufValueType.Int32 => Fill(n, _ => cursor.ReadI32()),
            GgufValueType.Float32 => Fill(n, _ => cursor.ReadF32()),
            GgufValueType.UInt64 => Fill(n, _ => cursor.ReadU64()),
            GgufValueType.Int64 => Fill(n, _ => cursor.ReadI64()),
            GgufValueType.Float64 => Fill(n, _ => cursor.ReadF64()),
            _ => Fill(n, _ => ReadString(cursor, $"an element of '{key}'")),
        };
    }

    private static T[] Fill<T>(int count, Func<int, T> read)
    {
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = read(i);
        }

        return values;
    }
}
