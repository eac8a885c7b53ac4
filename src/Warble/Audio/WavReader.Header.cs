using System.Buffers.Binary;

namespace Warble.Audio;

/// <summary>The RIFF/RF64 chunk walk that finds <c>fmt </c> and <c>data</c>.</summary>
internal sealed partial class WavReader
{
    private const uint StreamingSize = 0xFFFFFFFF;
    private const int MaxChannels = 1024;

    private static ReadOnlySpan<byte> FloatSubformatTail => [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>True when the first 12 bytes are a RIFF, RF64 or BW64 header of type WAVE.</summary>
    public static bool IsWav(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && (head[..4].SequenceEqual("RIFF"u8) || head[..4].SequenceEqual("RF64"u8) || head[..4].SequenceEqual("BW64"u8))
        && head[8..12].SequenceEqual("WAVE"u8);

    /// <summary>Walks the chunks up to <c>data</c>; returns the format and the data length (null: until end of stream).</summary>
    private static (WavFormat Format, long? DataLength) ReadHeader(Stream stream, string name)
    {
        Span<byte> head = stackalloc byte[12];
        if (stream.ReadAtLeast(head, 12, throwOnEndOfStream: false) < 12 || !IsWav(head))
        {
            throw new AudioFormatException($"{name}: not a WAV file (no RIFF/RF64 WAVE header)");
        }

        var isRf64 = !head[..4].SequenceEqual("RIFF"u8);
        long? ds64DataSize = null;
        WavFormat? format = null;
        Span<byte> chunk = stackalloc byte[8];
        while (true)
        {
            if (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) < 8)
            {
                throw new AudioFormatException($"{name}: truncated WAV file: no data chunk found");
            }

            var id = chunk[..4];
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (id.SequenceEqual("data"u8))
            {
                if (format == null)
                {
                    throw new AudioFormatException($"{name}: WAV data chunk comes before any fmt chunk");
                }

                return (format, DataLength(size, isRf64, ds64DataSize));
            }

            if (id.SequenceEqual("fmt "u8))
            {
                format = ReadFormat(stream, size, name);
            }
            else if (id.SequenceEqual("ds64"u8) && isRf64)
            {
                ds64DataSize = ReadDs64(stream, size, name);
            }
            else
            {
                Skip(stream, size + (size & 1), name);
            }
        }
    }

    /// <summary>A size of 0 or 0xFFFFFFFF is what streaming writers leave: read to the end of the stream then.</summary>
    private static long? DataLength(uint size, bool isRf64, long? ds64DataSize)
    {
        if (isRf64 && size == StreamingSize && ds64DataSize is > 0)
        {
            return ds64DataSize;
        }

        return size is 0 or StreamingSize ? null : size;
    }

    private static long ReadDs64(Stream stream, uint size, string name)
    {
        if (size < 24)
        {
            throw new AudioFormatException($"{name}: RF64 ds64 chunk is {size} bytes, expected at least 24");
        }

        Span<byte> ds64 = stackalloc byte[24];
        ReadExactly(stream, ds64, name);
        Skip(stream, size - 24 + (size & 1), name);
        var dataSize = BinaryPrimitives.ReadInt64LittleEndian(ds64[8..]);
        if (dataSize < 0)
        {
            throw new AudioFormatException($"{name}: RF64 ds64 data size {dataSize} is negative");
        }

        return dataSize;
    }

    private static WavFormat ReadFormat(Stream stream, uint size, string name)
    {
        if (size < 16)
        {
            throw new AudioFormatException($"{name}: WAV fmt chunk is {size} bytes, expected at least 16");
        }

        Span<byte> fmt = stackalloc byte[40];
        var used = (int)Math.Min(size, 40u);
        ReadExactly(stream, fmt[..used], name);
        Skip(stream, size - used + (size & 1), name);
        int tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (tag == 0xFFFE)
        {
            if (used < 40 || BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]) < 22 || !fmt[26..40].SequenceEqual(FloatSubformatTail))
            {
                throw new AudioFormatException($"{name}: WAVE_FORMAT_EXTENSIBLE fmt chunk without a valid subformat GUID");
            }

            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        return Validate(tag, channels, sampleRate, blockAlign, bits, name);
    }

    /// <summary>The byte rate is not checked: nothing here depends on it and writers often get it wrong.</summary>
    private static WavFormat Validate(int tag, int channels, uint sampleRate, int blockAlign, int bits, string name)
    {
        if (tag is not (1 or 3))
        {
            throw new AudioFormatException($"{name}: unsupported WAV format tag 0x{tag:X4} (only PCM and IEEE float are decoded; convert it with ffmpeg)");
        }

        if (channels is 0 or > MaxChannels)
        {
            throw new AudioFormatException($"{name}: WAV header declares {channels} channels");
        }

        if (sampleRate is < Resampler.MinRate or > Resampler.MaxRate)
        {
            throw new AudioFormatException($"{name}: WAV header declares a sample rate of {sampleRate} Hz, outside the {Resampler.MinRate / 1000} kHz to {Resampler.MaxRate / 1000} kHz Warble resamples from");
        }

        var container = blockAlign % channels == 0 ? blockAlign / channels : 0;
        var isFloat = tag == 3;
        var valid = isFloat ? (container is 4 or 8 && bits == container * 8) : (container is >= 1 and <= 4 && bits >= 1 && bits <= container * 8);
        if (!valid)
        {
            throw new AudioFormatException($"{name}: WAV block align {blockAlign} does not fit {channels} channels of {bits}-bit {(isFloat ? "float" : "PCM")} samples");
        }

        return new WavFormat(isFloat, channels, (int)sampleRate, container);
    }

    private static void Skip(Stream stream, long count, string name)
    {
        if (stream.CanSeek)
        {
            if (stream.Length - stream.Position < count)
            {
                throw new AudioFormatException($"{name}: truncated WAV file: a chunk claims {count} bytes past the end");
            }

            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var n = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (n == 0)
            {
                throw new AudioFormatException($"{name}: truncated WAV file: no data chunk found");
            }

            count -= n;
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
        {
            throw new AudioFormatException($"{name}: truncated WAV header");
        }
    }
}
