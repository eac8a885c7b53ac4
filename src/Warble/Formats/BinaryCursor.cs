using System.Buffers.Binary;
using System.Text;

namespace Warble.Formats;

/// <summary>
/// Sequential little-endian reads from a <see cref="ByteRegion"/>. Every read checks the remaining
/// length first, so a hostile length field fails with a one-line error before any allocation.
/// </summary>
internal sealed class BinaryCursor(ByteRegion region, long position = 0)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public ByteRegion Region { get; } = region;

    public long Position { get; set; } = position;

    public long Remaining => Region.Length - Position;

    public byte ReadU8() => Take(1)[0];

    public ushort ReadU16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public int ReadI32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public uint ReadU32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public long ReadI64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public float ReadF32() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

    public double ReadF64() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    /// <summary>The next <paramref name="count"/> bytes, without copying.</summary>
    public ReadOnlySpan<byte> Take(long count)
    {
        if (count < 0 || count > Remaining || count > int.MaxValue)
        {
            throw Fail($"{count} bytes needed but only {Math.Max(Remaining, 0)} remain: truncated or corrupt");
        }

        ReadOnlySpan<byte> span = Region.Span(Position, (int)count);
        Position += count;
        return span;
    }

    /// <summary>Skips <paramref name="count"/> bytes, checking they exist.</summary>
    public void Skip(long count)
    {
        if (count < 0 || count > Remaining)
        {
            throw Fail($"{count} bytes needed but only {Math.Max(Remaining, 0)} remain: truncated or corrupt");
        }

        Position += count;
    }

    /// <summary>A UTF-8 string of <paramref name="length"/> bytes, at most <paramref name="maxLength"/>.</summary>
    public string ReadUtf8(long length, long maxLength, string what)
    {
        if (length < 0 || length > maxLength)
        {
            throw Fail($"{what} claims {length} bytes (limit {maxLength})");
        }

        ReadOnlySpan<byte> bytes = Take(length);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Fail($"{what} is not valid UTF-8");
        }
    }

    /// <summary>Throws unless <paramref name="count"/> items of at least <paramref name="itemBytes"/> bytes each can still follow.</summary>
    public void RequireItems(ulong count, int itemBytes, string what)
    {
        if (itemBytes > 0 && count > (ulong)Math.Max(Remaining, 0) / (ulong)itemBytes)
        {
            throw Fail($"{what} claims {count} items but only {Math.Max(Remaining, 0)} bytes remain");
        }
    }

    public ModelFormatException Fail(string what) => Region.Fail(Position, what);
}
