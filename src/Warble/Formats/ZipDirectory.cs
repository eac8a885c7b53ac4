// ZIP central directory reader for PyTorch checkpoints (PKWARE APPNOTE.TXT,
// https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT), written by hand because
// System.IO.Compression.ZipArchive does not expose where an entry's bytes lie, and the point here
// is to map STORED entries in place rather than copy them.
// Byte layout (little-endian):
//  1. end of central directory (EOCD, signature 0x06054b50) in the last 64 KiB + 22 bytes:
//     entry count u16 at +10, directory size u32 at +12, directory offset u32 at +16.
//  2. if a field is saturated (0xFFFF / 0xFFFFFFFF): the zip64 locator (0x07064b50) 20 bytes before
//     the EOCD gives the zip64 EOCD offset (u64 at +8); the zip64 EOCD (0x06064b50) holds the entry
//     count u64 at +32, directory size u64 at +40 and offset u64 at +48.
//  3. central directory entries (0x02014b50): method u16 at +10, compressed size u32 at +20,
//     size u32 at +24, name length u16 at +28, extra length u16 at +30, comment length u16 at +32,
//     local header offset u32 at +42, name at +46; zip64 extra field 0x0001 holds saturated sizes/offset.
//  4. local header (0x04034b50): name length u16 at +26, extra length u16 at +28, data at 30 + both.
// Validated: signatures, counts against the directory size, every offset and size inside the file,
// method STORED (torch.save never compresses) with equal sizes.
using System.Text;

namespace Warble.Formats;

/// <summary>The STORED members of a ZIP archive, each as a region of the underlying mapping.</summary>
internal static class ZipDirectory
{
    private const uint EocdSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EocdSignature = 0x06064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;

    /// <summary>Whether the region starts like a ZIP archive.</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    /// <summary>Member name → member bytes.</summary>
    public static Dictionary<string, ByteRegion> Read(ByteRegion zip)
    {
        var (count, directoryOffset, directorySize) = FindDirectory(zip);
        if (directoryOffset > zip.Length || directorySize > zip.Length - directoryOffset || count > (ulong)directorySize / 46)
        {
            throw zip.Fail(directoryOffset, $"ZIP central directory ({count} entries, {directorySize} bytes) lies outside the file");
        }

        var members = new Dictionary<string, ByteRegion>(StringComparer.Ordinal);
        var cursor = new BinaryCursor(zip, directoryOffset);
        for (ulong i = 0; i < count; i++)
        {
            var (name, region) = ReadEntry(zip, cursor);
            if (!members.TryAdd(name, region))
            {
                throw zip.Fail(cursor.Position, $"ZIP member '{name}' appears twice");
            }
        }

        return members;
    }

    private static (ulong Count, long Offset, long Size) FindDirectory(ByteRegion zip)
    {
        // The record is 22 bytes plus a comment of at most 65535: search that tail once, last match first.
        long searchStart = Math.Max(0, zip.Length - 22 - 65535);
        ReadOnlySpan<byte> tail = zip.Span(searchStart, (int)(zip.Length - searchStart));
        for (int end = tail.Length - 18; end > 0;)
        {
            int found = tail[..end].LastIndexOf("PK\x05\x06"u8);
            if (found < 0)
            {
                break;
            }

            long at = searchStart + found;
            end = found + 3;
            var cursor = new BinaryCursor(zip, at + 10);
            ulong count = cursor.ReadU16();
            long size = cursor.ReadU32();
            long offset = cursor.ReadU32();
            return count != 0xFFFF && size != 0xFFFFFFFF && offset != 0xFFFFFFFF ? (count, offset, size) : ReadZip64(zip, at);
        }

        throw zip.Fail(zip.Length, "no ZIP end-of-central-directory record: not a ZIP archive, or truncated");
    }

    private static (ulong Count, long Offset, long Size) ReadZip64(ByteRegion zip, long eocd)
    {
        var cursor = new BinaryCursor(zip, eocd - 20);
        if (eocd < 20 || cursor.ReadU32() != Zip64LocatorSignature)
        {
            throw zip.Fail(eocd, "ZIP needs a zip64 record but has no zip64 locator");
        }

        cursor.Position = eocd - 12;
        ulong recordOffset = cursor.ReadU64();
        if (recordOffset > (ulong)zip.Length)
        {
            throw zip.Fail(eocd, "zip64 end-of-central-directory offset lies outside the file");
        }

        cursor.Position = (long)recordOffset;
        if (cursor.ReadU32() != Zip64EocdSignature)
        {
            throw zip.Fail((long)recordOffset, "bad zip64 end-of-central-directory signature");
        }

        cursor.Position = (long)recordOffset + 32;
        ulong count = cursor.ReadU64();
        ulong size = cursor.ReadU64();
        ulong offset = cursor.ReadU64();
        if (size > long.MaxValue || offset > long.MaxValue)
        {
            throw zip.Fail((long)recordOffset, "zip64 directory size or offset is too large");
        }

        return (count, (long)offset, (long)size);
    }

    private static (string Name, ByteRegion Region) ReadEntry(ByteRegion zip, BinaryCursor cursor)
    {
        long start = cursor.Position;
        if (cursor.ReadU32() != CentralSignature)
        {
            throw zip.Fail(start, "bad ZIP central directory entry signature");
        }

        cursor.Position = start + 10;
        ushort method = cursor.ReadU16();
        cursor.Position = start + 20;
        ulong compressed = cursor.ReadU32();
        ulong size = cursor.ReadU32();
        int nameLength = cursor.ReadU16();
        int extraLength = cursor.ReadU16();
        int commentLength = cursor.ReadU16();
        cursor.Position = start + 42;
        ulong localOffset = cursor.ReadU32();
        string name = Encoding.UTF8.GetString(cursor.Take(nameLength));
        var extra = new BinaryCursor(zip.Slice(cursor.Position, extraLength, zip.Name));
        cursor.Skip(extraLength + commentLength);
        ApplyZip64Extra(extra, ref size, ref compressed, ref localOffset);
        if (method != 0 || compressed != size)
        {
            throw zip.Fail(start, $"ZIP member '{name}' is compressed (method {method}); checkpoints must store members uncompressed");
        }

        if (localOffset > (ulong)zip.Length - 30)
        {
            throw zip.Fail(start, $"ZIP member '{name}' local header lies outside the file");
        }

        var local = new BinaryCursor(zip, (long)localOffset);
        if (local.ReadU32() != LocalSignature)
        {
            throw zip.Fail((long)localOffset, $"ZIP member '{name}' has a bad local header signature");
        }

        local.Position = (long)localOffset + 26;
        long dataOffset = (long)localOffset + 30 + local.ReadU16() + local.ReadU16();
        if (size > (ulong)zip.Length || dataOffset > zip.Length - (long)size)
        {
            throw zip.Fail(dataOffset, $"ZIP member '{name}' ({size} bytes) runs past the end of the file: truncated");
        }

        return (name, zip.Slice(dataOffset, (long)size, $"{zip.Name}:{name}"));
    }

    private static void ApplyZip64Extra(BinaryCursor extra, ref ulong size, ref ulong compressed, ref ulong offset)
    {
        while (extra.Remaining >= 4)
        {
            ushort id = extra.ReadU16();
            ushort length = extra.ReadU16();
            long end = extra.Position + length;
            if (id == 1)
            {
                size = size == 0xFFFFFFFF ? extra.ReadU64() : size;
                compressed = compressed == 0xFFFFFFFF ? extra.ReadU64() : compressed;
                offset = offset == 0xFFFFFFFF ? extra.ReadU64() : offset;
            }

            if (end > extra.Region.Length)
            {
                return;
            }

            extra.Position = end;
        }
    }
}
