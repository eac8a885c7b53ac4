// ONNX model reader (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto), protobuf wire format
// (Warble.Text.ProtobufReader). Only what a converter needs to lift weights out of a graph:
//  1. ModelProto: field 7 is the GraphProto; every other field is skipped.
//  2. GraphProto: field 1 NodeProto (repeated), field 5 TensorProto initializers (repeated).
//  3. NodeProto: 1 input, 2 output (strings), 3 name, 4 op_type, 5 AttributeProto (repeated).
//  4. AttributeProto: 1 name, 3 i (int), 5 t (TensorProto), 6 g (GraphProto), 8 ints (packed or not);
//     subgraphs (If/Loop branches) are read recursively and their nodes and initializers flattened into one list.
//  5. TensorProto: 1 dims (int64), 2 data_type (1 FLOAT, 6 INT32, 7 INT64), 4 float_data, 5 int32_data,
//     7 int64_data, 8 name, 9 raw_data (little-endian). Other types and external data are rejected when read.
// Validated: every length (by ProtobufReader), element counts against the data present, nesting depth.
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Warble.Text;

namespace Warble.Formats.Onnx;

/// <summary>The nodes and constant tensors of an ONNX model, subgraphs flattened.</summary>
internal sealed class OnnxModel
{
    private const int MaxDepth = 8;
    private readonly List<OnnxNode> nodes = [];
    private readonly Dictionary<string, OnnxTensor> tensors = new(StringComparer.Ordinal);
    private readonly string source;

    private OnnxModel(string source) => this.source = source;

    /// <summary>Every node, parents before the nodes of their subgraphs.</summary>
    public IReadOnlyList<OnnxNode> Nodes => nodes;

    /// <summary>Initializers and <c>Constant</c> node values, by value name.</summary>
    public IReadOnlyDictionary<string, OnnxTensor> Tensors => tensors;

    public static OnnxModel Read(ReadOnlySpan<byte> data, string source)
    {
        var model = new OnnxModel(source);
        var reader = new ProtobufReader(data, source);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 7)
            {
                model.ReadGraph(reader.ReadBytes(field, wire), 0);
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return model;
    }

    /// <summary>The tensor named <paramref name="name"/>, or a <see cref="ModelFormatException"/>.</summary>
    public OnnxTensor Tensor(string name) =>
        tensors.TryGetValue(name, out OnnxTensor? t) ? t : throw new ModelFormatException($"{source}: no constant tensor '{ErrorText.OneLine(name)}'.");

    private void ReadGraph(ReadOnlySpan<byte> data, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ModelFormatException($"{source}: subgraphs nested deeper than {MaxDepth}.");
        }

        var reader = new ProtobufReader(data, source);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: ReadNode(reader.ReadBytes(field, wire), depth); break;
                case 5:
                    Add(TryReadTensor(reader.ReadBytes(field, wire), source) ?? throw new ModelFormatException($"{source}: an initializer has a data type other than FLOAT, INT32 or INT64."));
                    break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private void ReadNode(ReadOnlySpan<byte> data, int depth)
    {
        var reader = new ProtobufReader(data, source);
        List<string> inputs = [], outputs = [];
        var ints = new Dictionary<string, long[]>(StringComparer.Ordinal);
        string name = "", opType = "";
        OnnxTensor? value = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: inputs.Add(reader.ReadString()); break;
                case 2: outputs.Add(reader.ReadString()); break;
                case 3: name = reader.ReadString(); break;
                case 4: opType = reader.ReadString(); break;
                case 5: value = ReadAttribute(reader.ReadBytes(field, wire), depth, ints) ?? value; break;
                default: reader.Skip(wire); break;
            }
        }

        nodes.Add(new OnnxNode(name, opType, inputs, outputs, ints));
        if (opType == "Constant" && value is not null && outputs.Count == 1)
        {
            Add(value with { Name = outputs[0] });
        }
    }

    /// <summary>Reads one attribute: INT/INTS into <paramref name="ints"/>, a graph recursively; returns a tensor value.</summary>
    private OnnxTensor? ReadAttribute(ReadOnlySpan<byte> data, int depth, Dictionary<string, long[]> ints)
    {
        var reader = new ProtobufReader(data, source);
        string name = "";
        List<long> values = [];
        OnnxTensor? tensor = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: name = reader.ReadString(); break;
                case 3: values.Add(unchecked((long)reader.ReadVarint())); break;
                case 5: tensor = TryReadTensor(reader.ReadBytes(), source); break;
                case 6: ReadGraph(reader.ReadBytes(), depth + 1); break;
                case 8: ReadInt64s(ref reader, wire, values); break;
                default: reader.Skip(wire); break;
            }
        }

        if (values.Count > 0)
        {
            ints[name] = [.. values];
        }

        return tensor;
    }

    private void Add(OnnxTensor tensor)
    {
        if (!tensors.TryAdd(tensor.Name, tensor))
        {
            throw new ModelFormatException($"{source}: tensor '{ErrorText.OneLine(tensor.Name)}' appears twice.");
        }
    }

    /// <summary>A FLOAT/INT32/INT64 tensor, or null for other data types.</summary>
    private static OnnxTensor? TryReadTensor(ReadOnlySpan<byte> data, string source)
    {
        var reader = new ProtobufReader(data, source);
        List<long> dims = [], integers = [];
        List<float> floats = [];
        ReadOnlySpan<byte> raw = default;
        string name = "";
        int type = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: ReadInt64s(ref reader, wire, dims); break;
                case 2: type = reader.ReadInt32(); break;
                case 4: ReadFloats(ref reader, wire, floats); break;
                case 5 or 7: ReadInt64s(ref reader, wire, integers); break;
                case 8: name = reader.ReadString(); break;
                case 9: raw = reader.ReadBytes(); break;
                default: reader.Skip(wire); break;
            }
        }

        var shape = new OnnxTensor(name, [.. dims], null, null);
        if (dims.Any(d => d < 0) || shape.ElementCount > int.MaxValue)
        {
            throw new ModelFormatException($"{source}: tensor '{ErrorText.OneLine(name)}' has shape [{string.Join(", ", dims)}].");
        }

        int count = (int)shape.ElementCount;
        return type switch
        {
            1 => shape with { Floats = raw.IsEmpty ? Exactly([.. floats], count, name, source) : Exactly(MemoryMarshal.Cast<byte, float>(raw).ToArray(), count, name, source) },
            6 => shape with { Integers = raw.IsEmpty ? Exactly([.. integers], count, name, source) : Exactly(RawInt32s(raw), count, name, source) },
            7 => shape with { Integers = raw.IsEmpty ? Exactly([.. integers], count, name, source) : Exactly(MemoryMarshal.Cast<byte, long>(raw).ToArray(), count, name, source) },
            _ => null,
        };
    }

    private static T[] Exactly<T>(T[] values, int count, string name, string source) =>
        values.Length == count ? values : throw new ModelFormatException($"{source}: tensor '{ErrorText.OneLine(name)}' holds {values.Length} values, its shape {count}.");

    private static long[] RawInt32s(ReadOnlySpan<byte> raw)
    {
        var values = new long[raw.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    private static void ReadInt64s(ref ProtobufReader reader, int wire, List<long> values)
    {
        if (wire != 2)
        {
            values.Add(unchecked((long)reader.ReadVarint()));
            return;
        }

        var packed = new ProtobufReader(reader.ReadBytes(), "packed int64");
        while (!packed.AtEnd)
        {
            values.Add(unchecked((long)packed.ReadVarint()));
        }
    }

    private static void ReadFloats(ref ProtobufReader reader, int wire, List<float> values)
    {
        if (wire != 2)
        {
            values.Add(reader.ReadFloat());
            return;
        }

        ReadOnlySpan<byte> bytes = reader.ReadBytes();
        values.AddRange(MemoryMarshal.Cast<byte, float>(bytes[..(bytes.Length & ~3)]).ToArray());
    }
}
