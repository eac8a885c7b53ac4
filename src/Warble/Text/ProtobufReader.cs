using System.Buffers.Binary;
using System.Text;

namespace Warble.Text;

/// <summary>
/// A minimal protobuf wire-format reader, enough for SentencePiece's <c>ModelProto</c> and ONNX's weights.
/// Layout (https://protobuf.dev/programming-guides/encoding/):
/// 1. a message is a sequence of fields; each starts with a varint tag = field_number &lt;&lt; 3 | wire_type;
/// 2. wire type 0 is a varint (at most 10 bytes), 1 a little-endian 64-bit value, 5 a 32-bit value,
///    2 a varint length then that many bytes (strings, bytes, nested messages);
/// 3. wire types 3 and 4 (groups) are obsolete and rejected here.
/// Every length is checked against the bytes left, so a truncated or hostile file throws
/// <see cref="ModelFormatException"/> and never reads out of bounds.
/// </summary>
/// <remarks>Hand-written: Google.Protobuf would need generated code for one small, stable message.</remarks>
internal ref struct ProtobufReader
{
    private readonly ReadOnlySpan<byte> data;
    private readonly string source;
    private int position;

    public ProtobufReader(ReadOnlySpan<byte> data, string source)
    {
        this.data = data;
        this.source = source;
    }

    public readonly bool AtEnd => position >= data.Length;

    /// <summary>Reads the next tag; returns (field number, wire type).</summary>
    public (int Field, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var field = tag >> 3;
        var wireType = (int)(tag & 7);
        if (field == 0 || field > int.MaxValue || wireType is 3 or 4 or 6 or 7)
        {
            throw Error($"invalid field tag {tag}");
        }

        return ((int)field, wireType);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= data.Length)
            {
                throw Error("truncated varint");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Error("varint longer than 10 bytes");
    }

    /// <summary>An int32 field: negative values travel as 10-byte varints.</summary>
    public int ReadInt32() => unchecked((int)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    public float ReadFloat() => BinaryPrimitives.ReadSingleLittleEndian(ReadFixed(4));

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position))
        {
            throw Error($"length {length} runs past the end");
        }

        var bytes = data.Slice(position, (int)length);
        position += (int)length;
        return bytes;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                ReadFixed(8);
                break;
            case 2:
                ReadBytes();
                break;
            case 5:
                ReadFixed(4);
                break;
            default:
                throw Error($"unsupported wire type {wireType}");
        }
    }

    /// <summary>Checks that a field has the wire type its declaration implies.</summary>
    public readonly void Expect(int field, int wireType, int expected)
    {
        if (wireType != expected)
        {
            throw Error($"field {field} has wire type {wireType}, expected {expected}");
        }
    }

    // The reads of a field whose tag ReadTag returned: each checks the wire type its declared type implies first.

    /// <summary>An int32 field (wire type 0).</summary>
    public int ReadInt32(int field, int wireType)
    {
        Expect(field, wireType, 0);
        return ReadInt32();
    }

    /// <summary>A bool field (wire type 0).</summary>
    public bool ReadBool(int field, int wireType)
    {
        Expect(field, wireType, 0);
        return ReadBool();
    }

    /// <summary>A float field (wire type 5).</summary>
    public float ReadFloat(int field, int wireType)
    {
        Expect(field, wireType, 5);
        return ReadFloat();
    }

    /// <summary>A bytes or embedded message field (wire type 2).</summary>
    public ReadOnlySpan<byte> ReadBytes(int field, int wireType)
    {
        Expect(field, wireType, 2);
        return ReadBytes();
    }

    /// <summary>A string field (wire type 2).</summary>
    public string ReadString(int field, int wireType) => Encoding.UTF8.GetString(ReadBytes(field, wireType));

    private ReadOnlySpan<byte> ReadFixed(int size)
    {
        if (data.Length - position < size)
        {
            throw Error($"truncated {size * 8}-bit value");
        }

        var bytes = data.Slice(position, size);
        position += size;
        return bytes;
    }

    private readonly ModelFormatException Error(string what) =>
        new($"{source}: malformed protobuf at byte {position}: {what}.");
}
