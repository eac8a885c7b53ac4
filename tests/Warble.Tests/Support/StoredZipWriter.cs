using System.Text;

namespace Warble.Tests.Support;

/// <summary>
/// A ZIP archive of stored (uncompressed) records as PyTorch's <c>PyTorchStreamWriter</c> lays them out
/// (caffe2/serialize/inline_container.cc): each record's data starts on a 64-byte boundary, reached through an "FB" extra
/// field of 'Z' bytes in its local header. Sizes and CRC-32 sit in the local header rather than in a data descriptor
/// (the writer knows them up front); no zip64, as test archives stay far below 4 GiB.
/// </summary>
internal static class StoredZipWriter
{
    private const int Alignment = 64;
    private const int LocalHeaderBytes = 30;

    public static void Write(string path, IEnumerable<(string Name, byte[] Data)> records)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        var entries = new List<(byte[] Name, uint Crc, int Size, uint Offset)>();
        foreach (var (name, data) in records)
        {
            byte[] nameBytes = Encoding.UTF8.GetBytes(name);
            uint offset = checked((uint)stream.Position);
            long start = offset + LocalHeaderBytes + nameBytes.Length + 4;
            int padding = (int)((Alignment - (start % Alignment)) % Alignment);
            uint crc = Crc32(data);
            w.Write(0x04034b50);
            WriteCommonFields(w, crc, data.Length, nameBytes.Length, 4 + padding);
            w.Write(nameBytes);
            w.Write("FB"u8);
            w.Write((ushort)padding);
            w.Write(Enumerable.Repeat((byte)'Z', padding).ToArray());
            w.Write(data);
            entries.Add((nameBytes, crc, data.Length, offset));
        }

        long directory = stream.Position;
        foreach (var (name, crc, size, offset) in entries)
        {
            w.Write(0x02014b50);
            w.Write((ushort)0); // version made by
            WriteCommonFields(w, crc, size, name.Length, extraLength: 0);
            w.Write(new byte[10]); // comment length, disk, internal and external attributes
            w.Write(offset);
            w.Write(name);
        }

        long end = stream.Position;
        w.Write(0x06054b50);
        w.Write(0); // this disk, directory disk
        w.Write((ushort)entries.Count);
        w.Write((ushort)entries.Count);
        w.Write(checked((uint)(end - directory)));
        w.Write(checked((uint)directory));
        w.Write((ushort)0); // comment length
    }

    /// <summary>The fields local and central headers share: version needed, flags, method STORED, time, date, CRC, sizes, name and extra lengths.</summary>
    private static void WriteCommonFields(BinaryWriter w, uint crc, int size, int nameLength, int extraLength)
    {
        w.Write(new byte[10]);
        w.Write(crc);
        w.Write(size);
        w.Write(size);
        w.Write((ushort)nameLength);
        w.Write((ushort)extraLength);
    }

    /// <summary>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), bit by bit: fast enough for test archives.</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
