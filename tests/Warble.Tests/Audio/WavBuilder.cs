using System.Buffers.Binary;
using System.Text;

namespace Warble.Tests.Audio;

/// <summary>Writes WAV byte images chunk by chunk, including deliberately wrong ones.</summary>
internal sealed class WavBuilder
{
    private readonly MemoryStream _body = new();

    public string RiffId { get; init; } = "RIFF";

    /// <summary>A plain PCM/float fmt chunk (16 bytes).</summary>
    public WavBuilder Fmt(int tag, int channels, int rate, int bits, int? blockAlign = null, int? byteRate = null)
    {
        var align = blockAlign ?? channels * bits / 8;
        var fmt = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, (ushort)tag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), byteRate ?? rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bits);
        return Chunk("fmt ", fmt);
    }

    /// <summary>A WAVE_FORMAT_EXTENSIBLE fmt chunk (40 bytes) with the given subformat tag.</summary>
    public WavBuilder FmtExtensible(int subTag, int channels, int rate, int containerBits, int validBits)
    {
        var align = channels * containerBits / 8;
        var fmt = new byte[40];
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), rate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), rate * align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)containerBits);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), (ushort)validBits);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(24), (ushort)subTag);
        byte[] tail = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(fmt, 26);
        return Chunk("fmt ", fmt);
    }

    /// <summary>A chunk with its true size (and a pad byte when odd) unless <paramref name="claimedSize"/> overrides it.</summary>
    public WavBuilder Chunk(string id, byte[] payload, uint? claimedSize = null)
    {
        _body.Write(Encoding.ASCII.GetBytes(id));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, claimedSize ?? (uint)payload.Length);
        _body.Write(size);
        _body.Write(payload);
        if (payload.Length % 2 == 1 && claimedSize == null)
        {
            _body.WriteByte(0);
        }

        return this;
    }

    public WavBuilder Data(byte[] payload, uint? claimedSize = null) => Chunk("data", payload, claimedSize);

    public byte[] ToArray()
    {
        var result = new MemoryStream();
        result.Write(Encoding.ASCII.GetBytes(RiffId));
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, RiffId == "RIFF" ? (uint)(_body.Length + 4) : 0xFFFFFFFF);
        result.Write(size);
        result.Write("WAVE"u8);
        _body.Position = 0;
        _body.CopyTo(result);
        return result.ToArray();
    }

    public static byte[] Int16(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return bytes;
    }
}
