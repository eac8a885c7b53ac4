// safetensors reader (https://github.com/huggingface/safetensors#format), memory-mapped.
// Byte layout:
//  1. header length N: u64 little-endian.
//  2. N bytes of UTF-8 JSON: an object mapping tensor name -> {"dtype", "shape": [..], "data_offsets": [begin, end]},
//     plus an optional "__metadata__" object of string -> string.
//  3. the data section: offsets are relative to its start (8 + N).
// Validated: N against the file size and a 100 MB cap, JSON depth, known dtypes, non-negative
// shapes whose byte size equals end - begin, offsets inside the data section. Sharded checkpoints
// (model.safetensors.index.json with a "weight_map") are read shard by shard.
using System.Buffers.Binary;
using System.Text.Json;
using Warble.Tensors;

namespace Warble.Formats;

/// <summary>Reads safetensors files into views over the mapping.</summary>
internal static class SafetensorsReader
{
    private const long MaxHeaderBytes = 100 << 20;
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 8 };

    /// <summary>Adds every tensor of <paramref name="region"/> to <paramref name="weights"/>; returns the __metadata__ pairs.</summary>
    public static Dictionary<string, string> Read(ByteRegion region, WeightSet weights)
    {
        if (region.Length < 8)
        {
            throw region.Fail(0, "too short for a safetensors header");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(region.Span(0, 8));
        if (headerLength > (ulong)Math.Min(MaxHeaderBytes, region.Length - 8))
        {
            throw region.Fail(0, $"safetensors header claims {headerLength} bytes but the file has {region.Length - 8} after it");
        }

        long dataStart = 8 + (long)headerLength;
        long dataLength = region.Length - dataStart;
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using JsonDocument header = JsonDocument.Parse(region.Memory(8, (long)headerLength), JsonOptions);
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw region.Fail(8, "safetensors header is not a JSON object");
            }

            foreach (JsonProperty property in header.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    ReadMetadata(region, property.Value, metadata);
                    continue;
                }

                var (type, shape, begin, end) = ParseEntry(region, property);
                if (begin > end || end > dataLength || end - begin != type.ByteCount(shape.Aggregate(1L, (a, d) => a * d)))
                {
                    throw region.Fail(dataStart + begin, $"tensor '{property.Name}' data_offsets [{begin}, {end}] do not fit its shape or the file");
                }

                weights.Add(property.Name, new TensorView(type, region.Memory(dataStart + begin, end - begin), shape));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw region.Fail(8, $"safetensors header is not valid JSON: {e.Message.ReplaceLineEndings(" ")}");
        }

        return metadata;
    }

    /// <summary>The shard file names of a model.safetensors.index.json, in first-use order.</summary>
    public static IReadOnlyList<string> ReadIndex(string indexPath)
    {
        string name = Path.GetFileName(indexPath);
        try
        {
            using JsonDocument index = JsonDocument.Parse(File.ReadAllBytes(indexPath), JsonOptions);
            if (!index.RootElement.TryGetProperty("weight_map", out JsonElement map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new ModelFormatException(ErrorText.OneLine($"{name}: no \"weight_map\" object"));
            }

            var shards = new List<string>();
            foreach (JsonProperty entry in map.EnumerateObject())
            {
                string shard = entry.Value.GetString() ?? "";
                if (shard.Length == 0 || shard != Path.GetFileName(shard))
                {
                    throw new ModelFormatException(ErrorText.OneLine($"{name}: tensor '{entry.Name}' names shard '{shard}', which is not a plain file name"));
                }

                if (!shards.Contains(shard))
                {
                    shards.Add(shard);
                }
            }

            return shards;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ModelFormatException(ErrorText.OneLine($"{name}: not a valid safetensors index: {e.Message.ReplaceLineEndings(" ")}"));
        }
    }

    private static (DType Type, int[] Shape, long Begin, long End) ParseEntry(ByteRegion region, JsonProperty property)
    {
        JsonElement value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out JsonElement dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out JsonElement shapeJson) || shapeJson.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out JsonElement offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2 || shapeJson.GetArrayLength() > 8)
        {
            throw region.Fail(8, $"tensor '{property.Name}' lacks dtype, shape (at most 8 dims) or data_offsets");
        }

        DType type = dtype.GetString() switch
        {
            "F64" => DType.F64,
            "F32" => DType.F32,
            "F16" => DType.F16,
            "BF16" => DType.BF16,
            "I64" => DType.I64,
            "I32" => DType.I32,
            "I16" => DType.I16,
            "I8" => DType.I8,
            "U8" => DType.U8,
            "BOOL" => DType.Bool,
            var other => throw region.Fail(8, $"tensor '{property.Name}' has dtype {other}, which Warble does not read"),
        };
        var shape = new int[shapeJson.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (JsonElement dim in shapeJson.EnumerateArray())
        {
            if (!dim.TryGetInt32(out shape[i]) || shape[i] < 0 || (shape[i] > 0 && count > (long.MaxValue >> 4) / shape[i]))
            {
                throw region.Fail(8, $"tensor '{property.Name}' has a bad dimension");
            }

            count *= shape[i++];
        }

        if (!offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end) || begin < 0 || end < 0)
        {
            throw region.Fail(8, $"tensor '{property.Name}' has bad data_offsets");
        }

        return (type, shape, begin, end);
    }

    private static void ReadMetadata(ByteRegion region, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw region.Fail(8, "__metadata__ is not an object");
        }

        foreach (JsonProperty pair in value.EnumerateObject())
        {
            metadata[pair.Name] = pair.Value.ValueKind == JsonValueKind.String ? pair.Value.GetString()! : pair.Value.GetRawText();
        }
    }
}
