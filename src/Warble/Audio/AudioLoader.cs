using System.Buffers;

namespace Warble.Audio;

/// <summary>
/// Loads audio as the models want it: 16 kHz mono float. WAV (sniffed from its first bytes, never the
/// extension) is decoded here and resampled by <see cref="Resampler"/>; anything else goes through ffmpeg
/// (<see cref="FfmpegDecoder"/>). <c>-</c> reads standard input the same way.
/// </summary>
internal static class AudioLoader
{
    /// <summary>The rate every model here consumes.</summary>
    public const int SampleRate = 16000;

    /// <summary>Samples decoded per block.</summary>
    public const int BlockSize = 65536;

    private const string StandardInputName = "<stdin>";

    /// <summary>The whole file as 16 kHz mono samples.</summary>
    public static float[] Load(string pathOrDash, CancellationToken cancellationToken = default)
    {
        var all = new ArrayBufferWriter<float>();
        foreach (var block in Stream(pathOrDash, cancellationToken))
        {
            block.Span.CopyTo(all.GetSpan(block.Length));
            all.Advance(block.Length);
        }

        return all.WrittenSpan.ToArray();
    }

    /// <summary>The file as successive blocks of 16 kHz mono samples; only about one block is held at a time.</summary>
    public static IEnumerable<ReadOnlyMemory<float>> Stream(string pathOrDash, CancellationToken cancellationToken = default)
    {
        using var source = Open(pathOrDash);
        foreach (var block in ToSampleRate(source, SampleRate, cancellationToken))
        {
            yield return block;
        }
    }

    /// <summary>
    /// Reads <paramref name="source"/> to its end, resampled to <paramref name="rate"/>, block by block. Each block is
    /// valid until the next is asked for: the buffers are reused, so a long file allocates nothing per block.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<float>> ToSampleRate(ISampleSource source, int rate, CancellationToken cancellationToken)
    {
        var input = new float[BlockSize];
        var resampler = source.SampleRate == rate ? null : new Resampler(source.SampleRate, rate);
        var output = new ArrayBufferWriter<float>(BlockSize);
        int read;
        while ((read = source.Read(input, cancellationToken)) > 0)
        {
            if (resampler == null)
            {
                yield return input.AsMemory(0, read);
                continue;
            }

            output.ResetWrittenCount();
            resampler.Process(input.AsSpan(0, read), output);
            if (output.WrittenCount > 0)
            {
                yield return output.WrittenMemory;
            }
        }

        if (resampler != null)
        {
            output.ResetWrittenCount();
            resampler.Flush(output);
            if (output.WrittenCount > 0)
            {
                yield return output.WrittenMemory;
            }
        }
    }

    /// <summary>
    /// A decoder at the file's own rate: WAV by magic bytes, otherwise ffmpeg. A file that cannot seek (a FIFO, a
    /// character device) is read once, forward only, as a stream: its first bytes are replayed to the decoder rather
    /// than read again, and ffmpeg gets it through its standard input instead of opening the path a second time.
    /// </summary>
    public static ISampleSource Open(string pathOrDash)
    {
        if (pathOrDash == "-")
        {
            return Open(StandardInput.Open(), StandardInputName);
        }

        if (Directory.Exists(pathOrDash))
        {
            throw new AudioFormatException($"{pathOrDash}: is a folder, not an audio file");
        }

        if (!File.Exists(pathOrDash))
        {
            throw new FileNotFoundException($"{pathOrDash}: no such audio file", pathOrDash);
        }

        var stream = File.OpenRead(pathOrDash);
        if (!stream.CanSeek)
        {
            return Open(stream, pathOrDash);
        }

        try
        {
            Span<byte> head = stackalloc byte[12];
            var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            if (n == 0)
            {
                throw new AudioFormatException($"{pathOrDash}: the file is empty");
            }

            if (WavReader.IsWav(head[..n]))
            {
                stream.Position = 0;
                return WavReader.Open(stream, pathOrDash);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        stream.Dispose();
        return FfmpegDecoder.Open(pathOrDash);
    }

    /// <summary>A decoder for a non-seekable stream (a pipe): WAV sniffed from the first bytes, otherwise piped through ffmpeg.</summary>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open when the decoder is disposed (a caller's stream).</param>
    public static ISampleSource Open(Stream stream, string name, bool leaveOpen = false)
    {
        var head = new byte[12];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == 0)
        {
            if (!leaveOpen)
            {
                stream.Dispose();
            }

            throw new AudioFormatException($"{name}: no audio data");
        }

        var replay = new PrefixedStream(head[..n], stream, leaveOpen);
        try
        {
            return WavReader.IsWav(head.AsSpan(0, n)) ? WavReader.Open(replay, name) : FfmpegDecoder.Open(replay, name);
        }
        catch
        {
            replay.Dispose();
            throw;
        }
    }
}
