using System.Buffers.Binary;

namespace Warble.Audio;

/// <summary>
/// Decodes WAV audio to mono float samples, block by block, needing nothing else.
/// Layout (https://www.mmsp.ece.mcgill.ca/Documents/AudioFormats/WAVE/WAVE.html, EBU Tech 3306 for RF64):
/// 1. <c>RIFF</c> (or <c>RF64</c>/<c>BW64</c>), u32 size, <c>WAVE</c>;
/// 2. chunks of id(4) + u32 size + payload + a pad byte when the size is odd: <c>ds64</c> (RF64 64-bit sizes),
/// <c>fmt </c> (tag, channels, rate, byte rate, block align, bits, and for tag 0xFFFE the subformat GUID),
/// <c>LIST</c>/<c>fact</c>/others skipped, then <c>data</c>.
/// PCM 8 (unsigned), 16, 24, 32-bit and IEEE float 32/64 are decoded; channels are averaged to mono.
/// A data length of 0 or 0xFFFFFFFF (streaming writers) means "to the end"; a length past the end of a
/// seekable file is an error, as is a stream that ends early. Nothing is allocated from a claimed size.
/// </summary>
internal sealed partial class WavReader : ISampleSource
{
    private const int BlockFrames = 16384;

    private readonly Stream _stream;
    private readonly string _name;
    private readonly bool _leaveOpen;
    private readonly byte[] _raw;
    private long? _remaining;
    private int _rawCount;

    private WavReader(Stream stream, string name, bool leaveOpen, WavFormat format, long? dataLength)
    {
        _stream = stream;
        _name = name;
        _leaveOpen = leaveOpen;
        Format = format;
        _remaining = dataLength;
        _raw = new byte[BlockFrames * format.BlockAlign];
    }

    /// <summary>The validated sample layout.</summary>
    public WavFormat Format { get; }

    public int SampleRate => Format.SampleRate;

    /// <summary>Parses the header of <paramref name="stream"/>, leaving it positioned at the first sample.</summary>
    /// <param name="name">File name used in error messages.</param>
    public static WavReader Open(Stream stream, string name, bool leaveOpen = false)
    {
        var (format, dataLength) = ReadHeader(stream, name);
        if (dataLength is { } length && stream.CanSeek && stream.Length - stream.Position < length)
        {
            throw new AudioFormatException($"{name}: truncated WAV file: data chunk claims {length} bytes, {stream.Length - stream.Position} present");
        }

        return new WavReader(stream, name, leaveOpen, format, dataLength);
    }

    /// <summary>Opens a WAV file by path.</summary>
    public static WavReader Open(string path) => Open(File.OpenRead(path), path);

    public int Read(Span<float> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var blockAlign = Format.BlockAlign;
        var frames = Math.Min(destination.Length, BlockFrames);
        var wanted = frames * blockAlign - _rawCount;
        if (_remaining is { } remaining)
        {
            wanted = (int)Math.Min(wanted, remaining - _rawCount);
        }

        // At least one whole frame, else whatever the stream has ready: a pipe fed live (a microphone) is decoded as it comes.
        var minimum = Math.Min(wanted, Math.Max(1, blockAlign - _rawCount));
        var got = wanted > 0 ? _stream.ReadAtLeast(_raw.AsSpan(_rawCount, wanted), minimum, throwOnEndOfStream: false) : 0;
        if (got < minimum && _remaining != null)
        {
            throw new AudioFormatException($"{_name}: truncated WAV file: the data chunk ends {_remaining - _rawCount - got} bytes early");
        }

        var available = _rawCount + got;
        var whole = available / blockAlign;
        Decode(_raw.AsSpan(0, whole * blockAlign), destination[..whole]);
        _rawCount = available - whole * blockAlign;
        _raw.AsSpan(whole * blockAlign, _rawCount).CopyTo(_raw);
        if (_remaining != null)
        {
            _remaining -= whole * blockAlign;
        }

        return whole;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <summary>Interleaved frames to mono: each sample scaled to [-1, 1) as soundfile and ffmpeg do, channels averaged.</summary>
    private void Decode(ReadOnlySpan<byte> raw, Span<float> mono)
    {
        var channels = Format.Channels;
        var width = Format.BytesPerSample;
        var scale = 1.0 / channels;
        for (var f = 0; f < mono.Length; f++)
        {
            var frame = raw.Slice(f * Format.BlockAlign, Format.BlockAlign);
            double sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += Sample(frame.Slice(c * width, width));
            }

            mono[f] = channels == 1 ? (float)sum : (float)(sum * scale);
        }
    }

    private double Sample(ReadOnlySpan<byte> b)
    {
        if (Format.IsFloat)
        {
            return b.Length == 4 ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b);
        }

        return b.Length switch
        {
            1 => (b[0] - 128) / 128.0,
            2 => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
            3 => ((b[2] << 24 | b[1] << 16 | b[0] << 8) >> 8) / 8388608.0,
            _ => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
        };
    }
}
