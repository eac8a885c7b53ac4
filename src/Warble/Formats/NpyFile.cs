using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Warble.Formats;

/// <summary>
/// Reads and writes NumPy <c>.npy</c> arrays (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
/// Layout: 1. magic <c>\x93NUMPY</c>; 2. major, minor version bytes (1.0, 2.0 or 3.0);
/// 3. header length, u16 LE (v1) or u32 LE (v2/3); 4. an ASCII Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (80, 3000), }</c> padded with spaces and a newline;
/// 5. the raw C-order data. Validated: magic, version, header length within the file, descr among
/// little-endian f4/f8/i8 (i4 too), C order, non-negative dims whose product fits in an array and
/// matches the bytes present. Errors are <see cref="ModelFormatException"/> naming the file.
/// </summary>
internal static class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private const int MaxHeaderLength = 1 << 16;

    /// <summary>Reads a float32 array (f8, i8 and i4 data are converted) and its shape.</summary>
    public static (float[] Data, int[] Shape) ReadFloat32(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadFloat32(stream, path);
    }

    /// <summary>Reads a float32 array from a stream positioned at the magic; <paramref name="name"/> is used in errors.</summary>
    public static (float[] Data, int[] Shape) ReadFloat32(Stream stream, string name)
    {
        var (descr, shape, count) = ReadHeader(stream, name);
        var result = new float[count];
        switch (descr)
        {
            case "<f4":
                ReadExactly(stream, System.Runtime.InteropServices.MemoryMarshal.AsBytes(result.AsSpan()), name);
                if (!BitConverter.IsLittleEndian)
                {
                    throw new PlatformNotSupportedException("big-endian hosts are not supported");
                }

                break;
            case "<f8":
                ConvertEach(stream, name, result, 8, b => (float)BinaryPrimitives.ReadDoubleLittleEndian(b));
                break;
            case "<i8":
                ConvertEach(stream, name, result, 8, b => BinaryPrimitives.ReadInt64LittleEndian(b));
                break;
            default:
                ConvertEach(stream, name, result, 4, b => BinaryPrimitives.ReadInt32LittleEndian(b));
                break;
        }

        return (result, shape);
    }

    /// <summary>Reads an int64 array (i8 or i4 data) and its shape.</summary>
    public static (long[] Data, int[] Shape) ReadInt64(string path)
    {
        using var stream = File.OpenRead(path);
        var (descr, shape, count) = ReadHeader(stream, path);
        if (descr is not ("<i8" or "<i4"))
        {
            throw new ModelFormatException($"{path}: expected an integer .npy array, found dtype '{descr}'");
        }

        var width = descr == "<i8" ? 8 : 4;
        var result = new long[count];
        Span<byte> buffer = stackalloc byte[8];
        for (var i = 0; i < count; i++)
        {
            ReadExactly(stream, buffer[..width], path);
            result[i] = width == 8 ? BinaryPrimitives.ReadInt64LittleEndian(buffer) : BinaryPrimitives.ReadInt32LittleEndian(buffer);
        }

        return (result, shape);
    }

    /// <summary>Writes a little-endian float32 C-order array in format 1.0 (2.0 when the header needs it).</summary>
    /// <param name="data">The values; their count must equal the product of <paramref name="shape"/>.</param>
    public static void WriteFloat32(string path, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        using var stream = File.Create(path);
        WriteFloat32(stream, data, shape);
    }

    /// <summary>Writes a float32 array to a stream.</summary>
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> data, ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            count *= d;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"shape holds {count} values but {data.Length} were given", nameof(data));
        }

        var dims = string.Join(", ", shape.ToArray().Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var shapeText = shape.Length == 1 ? dims + "," : dims;
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        var version = dict.Length + 11 < ushort.MaxValue ? 1 : 2;
        var prefix = version == 1 ? 10 : 12;
        var total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - prefix - 1) + "\n";
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        stream.Write(length[..(version == 1 ? 2 : 4)]);
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data));
    }

    private static (string Descr, int[] Shape, int Count) ReadHeader(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, name);
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new ModelFormatException($"{name}: not a .npy file (bad magic)");
        }

        var major = prefix[6];
        if (major is < 1 or > 3)
        {
            throw new ModelFormatException($"{name}: unsupported .npy version {major}.{prefix[7]}");
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        var lengthWidth = major == 1 ? 2 : 4;
        ReadExactly(stream, lengthBytes[..lengthWidth], name);
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderLength)
        {
            throw new ModelFormatException($"{name}: .npy header length {headerLength} is implausible");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name);
        var header = Encoding.Latin1.GetString(headerBytes);
        var descr = ParseString(header, "descr", name);
        if (descr is not ("<f4" or "<f8" or "<i8" or "<i4"))
        {
            throw new ModelFormatException($"{name}: unsupported .npy dtype '{descr}' (expected little-endian f4, f8, i8 or i4)");
        }

        if (!header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new ModelFormatException($"{name}: Fortran-order .npy arrays are not supported");
        }

        var shape = ParseShape(header, name);
        long count = 1;
        foreach (var d in shape)
        {
            count *= d;
            if (count > Array.MaxLength)
            {
                throw new ModelFormatException($"{name}: .npy shape ({string.Join(", ", shape)}) is too large");
            }
        }

        if (stream.CanSeek && stream.Length - stream.Position < count * ItemSize(descr))
        {
            throw new ModelFormatException($"{name}: truncated .npy data: shape ({string.Join(", ", shape)}) needs {count * ItemSize(descr)} bytes, {stream.Length - stream.Position} present");
        }

        return (descr, shape, (int)count);
    }

    private static int ItemSize(string descr) => descr is "<f4" or "<i4" ? 4 : 8;

    private static string ParseString(string header, string key, string name)
    {
        var at = header.IndexOf("'" + key + "':", StringComparison.Ordinal);
        var open = at < 0 ? -1 : header.IndexOf('\'', at + key.Length + 3);
        var close = open < 0 ? -1 : header.IndexOf('\'', open + 1);
        if (close < 0)
        {
            throw new ModelFormatException($"{name}: .npy header lacks '{key}'");
        }

        return header[(open + 1)..close];
    }

    private static int[] ParseShape(string header, string name)
    {
        var at = header.IndexOf("'shape':", StringComparison.Ordinal);
        var open = at < 0 ? -1 : header.IndexOf('(', at);
        var close = open < 0 ? -1 : header.IndexOf(')', open);
        if (close < 0)
        {
            throw new ModelFormatException($"{name}: .npy header lacks a shape");
        }

        var parts = header[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new ModelFormatException($"{name}: bad .npy dimension '{parts[i]}'");
            }
        }

        return shape;
    }

    private static void ConvertEach(Stream stream, string name, float[] result, int width, Func<ReadOnlySpan<byte>, float> convert)
    {
        var buffer = new byte[width * 4096];
        for (var done = 0; done < result.Length;)
        {
            var n = Math.Min(4096, result.Length - done);
            ReadExactly(stream, buffer.AsSpan(0, n * width), name);
            for (var i = 0; i < n; i++)
            {
                result[done + i] = convert(buffer.AsSpan(i * width, width));
            }

            done += n;
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new ModelFormatException($"{name}: truncated .npy file");
        }
    }
}
