// tar reader for .nemo archives (POSIX ustar / GNU, https://www.gnu.org/software/tar/manual/html_node/Standard.html).
// Byte layout: a sequence of 512-byte headers, each followed by its data padded to 512 bytes, ended
// by zero blocks.
//  1. header: name (100 bytes, NUL-padded) at 0, size (12 bytes octal, or base-256 when the top
//     bit is set) at 124, type flag at 156, ustar prefix (155 bytes) at 345 when "ustar" is at 257.
//  2. type '0' or NUL: a regular file; 'L' (GNU long name): the data is the next entry's name;
//     'x'/'g' (pax): "len key=value\n" records, of which "path" renames the next entry; others skipped.
// Validated: header checksum, octal fields, sizes against the file length. Members of an
// uncompressed tar are contiguous, so they are returned as regions of the mapping (no copy);
// a gzip-compressed .nemo is first inflated to a temporary file that is then mapped.
using System.Text;

namespace Warble.Formats;

/// <summary>Lists the regular files of a tar archive as regions of the mapping.</summary>
internal static class TarArchive
{
    private const int Block = 512;

    /// <summary>Whether the bytes look like a tar header ("ustar" magic, or a valid header checksum).</summary>
    public static bool IsTar(ByteRegion region) =>
        region.Length >= Block && (region.Span(257, 5).SequenceEqual("ustar"u8) || ChecksumMatches(region.Span(0, Block)));

    /// <summary>Member name (leading "./" removed) → member bytes.</summary>
    public static Dictionary<string, ByteRegion> Read(ByteRegion tar)
    {
        var members = new Dictionary<string, ByteRegion>(StringComparer.Ordinal);
        string? longName = null;
        long at = 0;
        while (at + Block <= tar.Length)
        {
            ReadOnlySpan<byte> header = tar.Span(at, Block);
            if (header.IndexOfAnyExcept((byte)0) < 0)
            {
                break;
            }

            if (!ChecksumMatches(header))
            {
                throw tar.Fail(at, "tar header checksum mismatch: corrupt archive");
            }

            long size = ParseSize(tar, header[124..136], at);
            long data = at + Block;
            if (size > tar.Length - data)
            {
                throw tar.Fail(at, $"tar member of {size} bytes runs past the end of the archive: truncated");
            }

            char type = (char)header[156];
            string name = longName ?? HeaderName(header);
            longName = null;
            if (type is 'L' or 'x')
            {
                longName = type == 'L' ? CString(tar.Span(data, (int)Math.Min(size, 4096))) : PaxPath(tar.Span(data, (int)Math.Min(size, 65536)));
            }
            else if (type is '0' or '\0' or '7')
            {
                members[Normalize(name)] = tar.Slice(data, size, $"{tar.Name}:{Normalize(name)}");
            }

            at = data + (size + Block - 1) / Block * Block;
        }

        return members;
    }

    private static string Normalize(string name) => name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;

    private static string HeaderName(ReadOnlySpan<byte> header)
    {
        string name = CString(header[..100]);
        return header[257..262].SequenceEqual("ustar"u8) && header[345] != 0 ? CString(header[345..500]) + "/" + name : name;
    }

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static string? PaxPath(ReadOnlySpan<byte> records)
    {
        foreach (string line in Encoding.UTF8.GetString(records).Split('\n'))
        {
            int eq = line.IndexOf(" path=", StringComparison.Ordinal);
            if (eq >= 0)
            {
                return line[(eq + 6)..];
            }
        }

        return null;
    }

    private static long ParseSize(ByteRegion tar, ReadOnlySpan<byte> field, long at)
    {
        long value = 0;
        if ((field[0] & 0x80) != 0)
        {
            for (int i = 1; i < field.Length; i++)
            {
                if (value > (long.MaxValue >> 8))
                {
                    throw tar.Fail(at, "tar size field is out of range");
                }

                value = (value << 8) | field[i];
            }

            return value;
        }

        foreach (byte b in field)
        {
            if (b is 0 or (byte)' ')
            {
                continue;
            }

            if (b is < (byte)'0' or > (byte)'7' || value > (long.MaxValue >> 3))
            {
                throw tar.Fail(at, "tar size field is not octal");
            }

            value = (value << 3) | (long)(b - '0');
        }

        return value;
    }

    private static bool ChecksumMatches(ReadOnlySpan<byte> header)
    {
        long stored = 0;
        bool any = false;
        foreach (byte b in header[148..156])
        {
            if (b is >= (byte)'0' and <= (byte)'7')
            {
                stored = (stored << 3) | (long)(b - '0');
                any = true;
            }
            else if (b is not (0 or (byte)' '))
            {
                return false;
            }
        }

        long sum = 0;
        for (int i = 0; i < Block; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return any && sum == stored;
    }
}
