using System.Text;
using Warble.Tensors;

namespace Warble.Formats;

/// <summary>
/// Writes a GGUF v3 file (layout in <see cref="GgufReader"/>): metadata, tensor infos, then the
/// tensor data, each tensor padded to the alignment. Tensor bytes are produced one tensor at a time
/// by a callback, so converting a large model never holds more than one tensor in memory.
/// </summary>
internal sealed class GgufWriter
{
    private readonly List<KeyValuePair<string, object>> metadata = [];
    private readonly List<PendingTensor> tensors = [];

    public int Alignment { get; } = GgufReader.DefaultAlignment;

    /// <summary>Adds a key. Values: byte, sbyte, ushort, short, uint, int, float, bool, string, ulong, long, double, or a 1-D array of those.</summary>
    public void Add(string key, object value) => metadata.Add(new(key, value));

    /// <summary>Adds a tensor of PyTorch-order <paramref name="shape"/>; <paramref name="data"/> is called once while writing.</summary>
    public void AddTensor(string name, DType type, int[] shape, Func<ReadOnlyMemory<byte>> data)
    {
        long count = shape.Aggregate(1L, (a, d) => checked(a * d));
        tensors.Add(new PendingTensor(name, type, shape, type.ByteCount(count), data));
    }

    public void Write(Stream output)
    {
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufReader.Magic);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, value) in metadata)
        {
            WriteString(writer, key);
            WriteValue(writer, value);
        }

        long offset = 0;
        foreach (PendingTensor tensor in tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Shape.Length);
            for (int d = tensor.Shape.Length - 1; d >= 0; d--)
            {
                writer.Write((ulong)tensor.Shape[d]);
            }

            writer.Write(GgmlType.FromDType(tensor.Type));
            writer.Write((ulong)offset);
            offset = GgufReader.AlignUp(offset + tensor.ByteCount, Alignment);
        }

        writer.Flush();
        Pad(output);
        foreach (PendingTensor tensor in tensors)
        {
            ReadOnlyMemory<byte> bytes = tensor.Data();
            if (bytes.Length != tensor.ByteCount)
            {
                throw new InvalidOperationException($"tensor '{tensor.Name}' produced {bytes.Length} bytes, expected {tensor.ByteCount}");
            }

            output.Write(bytes.Span);
            Pad(output);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteValue(BinaryWriter writer, object value)
    {
        writer.Write((uint)TypeOf(value));
        switch (value)
        {
            case Array array:
                writer.Write((uint)TypeOf(array.GetType().GetElementType()!));
                writer.Write((ulong)array.Length);
                foreach (object item in array)
                {
                    WriteScalar(writer, item);
                }

                break;
            default:
                WriteScalar(writer, value);
                break;
        }
    }

    private static void WriteScalar(BinaryWriter writer, object value)
    {
        switch (value)
        {
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write(v); break;
            case string v: WriteString(writer, v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            default: throw new ArgumentException($"GGUF cannot store a {value.GetType().Name}");
        }
    }

    private static GgufValueType TypeOf(object value) => value is Array ? GgufValueType.Array : TypeOf(value.GetType());

    private static GgufValueType TypeOf(Type type) => type switch
    {
        _ when type == typeof(byte) => GgufValueType.UInt8,
        _ when type == typeof(sbyte) => GgufValueType.Int8,
        _ when type == typeof(ushort) => GgufValueType.UInt16,
        _ when type == typeof(short) => GgufValueType.Int16,
        _ when type == typeof(uint) => GgufValueType.UInt32,
        _ when type == typeof(int) => GgufValueType.Int32,
        _ when type == typeof(float) => GgufValueType.Float32,
        _ when type == typeof(bool) => GgufValueType.Bool,
        _ when type == typeof(string) => GgufValueType.String,
        _ when type == typeof(ulong) => GgufValueType.UInt64,
        _ when type == typeof(long) => GgufValueType.Int64,
        _ when type == typeof(double) => GgufValueType.Float64,
        _ => throw new ArgumentException($"GGUF cannot store a {type.Name}"),
    };

    private void Pad(Stream output)
    {
        long padding = GgufReader.AlignUp(output.Position, Alignment) - output.Position;
        Span<byte> zeros = stackalloc byte[Alignment];
        zeros.Clear();
        output.Write(zeros[..(int)padding]);
    }

    private sealed record PendingTensor(string Name, DType Type, int[] Shape, long ByteCount, Func<ReadOnlyMemory<byte>> Data);
}
