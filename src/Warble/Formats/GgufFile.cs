using Warble.Tensors;

namespace Warble.Formats;

/// <summary>A parsed GGUF file: metadata in file order, tensor infos, and views over the mapped tensor data.</summary>
internal sealed class GgufFile
{
    public GgufFile(ByteRegion region, uint version, IReadOnlyList<KeyValuePair<string, object>> metadata,
        IReadOnlyList<GgufTensorInfo> tensors, long dataOffset, int alignment)
    {
        Region = region;
        Version = version;
        MetadataList = metadata;
        Metadata = metadata.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        Tensors = tensors;
        DataOffset = dataOffset;
        Alignment = alignment;
    }

    public ByteRegion Region { get; }

    public uint Version { get; }

    /// <summary>Key/value pairs in file order. Values are boxed scalars, strings, or typed arrays (byte[], int[], float[], string[]...).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> MetadataList { get; }

    public IReadOnlyDictionary<string, object> Metadata { get; }

    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Where the tensor data section starts in the file.</summary>
    public long DataOffset { get; }

    public int Alignment { get; }

    /// <summary>A view over a tensor's bytes in the mapping (no copy).</summary>
    public TensorView View(GgufTensorInfo info) =>
        new(info.Type, Region.Memory(DataOffset + info.Offset, info.ByteCount), info.Shape);

    /// <summary>The value of <paramref name="key"/> as <typeparamref name="T"/>, or a one-line error naming the key.</summary>
    public T Get<T>(string key) => TryGet(key, out T? value)
        ? value
        : throw new ModelFormatException($"{Region.Name}: GGUF key '{key}' is missing or not a {typeof(T).Name}");

    public bool TryGet<T>(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
    {
        if (Metadata.TryGetValue(key, out object? raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An integer key of any GGUF integer type, range-checked to int.</summary>
    public int GetInt(string key)
    {
        object raw = Metadata.TryGetValue(key, out object? v) ? v : throw new ModelFormatException($"{Region.Name}: GGUF key '{key}' is missing");
        long value = raw switch
        {
            byte b => b,
            sbyte sb => sb,
            ushort us => us,
            short s => s,
            uint ui => ui,
            int i => i,
            long l => l,
            ulong ul when ul <= long.MaxValue => (long)ul,
            _ => throw new ModelFormatException($"{Region.Name}: GGUF key '{key}' is not an integer"),
        };
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new ModelFormatException($"{Region.Name}: GGUF key '{key}' = {value} is out of range");
    }
}
