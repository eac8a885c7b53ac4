using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Warble.Audio;

/// <summary>
/// Decodes any container ffmpeg knows (mp3, ogg/opus, flac, m4a, webm, video) by running
/// <c>ffmpeg -nostdin -i X -f f32le -ac 1 -ar 16000 -</c> as openai-whisper's <c>load_audio</c> does
/// (it asks for s16le; f32le keeps the decoder's precision), and reading the pipe incrementally.
/// <c>-rematrix_maxval 1</c> keeps the downmix an average of the channels: for float output swresample
/// otherwise skips normalising and stereo becomes (L + R)/√2, louder than whisper's s16le path and the WAV reader.
/// </summary>
internal sealed class FfmpegDecoder : ISampleSource
{
    /// <summary>The rate ffmpeg is asked to resample to.</summary>
    public const int OutputRate = 16000;

    private const int MaxErrorChars = 4096;

    private readonly Process _process;
    private readonly string _name;
    private readonly Task _stdinPump;
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly byte[] _raw = new byte[65536];
    private int _rawCount;
    private bool _finished;

    private FfmpegDecoder(Process process, string name, Stream? input)
    {
        _process = process;
        _name = name;
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                if (e.Data is { Length: > 0 } line && _stderr.Length < MaxErrorChars)
                {
                    _stderr.AppendLine(line);
                }
            }
        };
        process.BeginErrorReadLine();
        _stdinPump = input == null ? Task.CompletedTask : Task.Run(() => Pump(input, process.StandardInput.BaseStream));
    }

    public int SampleRate => OutputRate;

    /// <summary>The program started; a name looked up on PATH.</summary>
    public static string Executable { get; set; } = "ffmpeg";

    /// <summary>Starts ffmpeg on a file path.</summary>
    public static FfmpegDecoder Open(string path) => Start(["-nostdin", "-i", path], path, null);

    /// <summary>Starts ffmpeg reading <paramref name="input"/> through its standard input (for audio piped to warble).</summary>
    public static FfmpegDecoder Open(Stream input, string name) => Start(["-i", "pipe:0"], name, input);

    public int Read(Span<float> destination, CancellationToken cancellationToken)
    {
        var stdout = _process.StandardOutput.BaseStream;
        var wantedBytes = Math.Min(destination.Length * sizeof(float), _raw.Length);
        while (!_finished && _rawCount < sizeof(float) && wantedBytes > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = stdout.Read(_raw.AsSpan(_rawCount, wantedBytes - _rawCount));
            if (n == 0)
            {
                Finish();
            }

            _rawCount += n;
        }

        var count = Math.Min(_rawCount / sizeof(float), destination.Length);
        MemoryMarshal.Cast<byte, float>(_raw.AsSpan(0, count * sizeof(float))).CopyTo(destination);
        _raw.AsSpan(count * sizeof(float), _rawCount - count * sizeof(float)).CopyTo(_raw);
        _rawCount -= count * sizeof(float);
        return count;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private static FfmpegDecoder Start(string[] inputArgs, string name, Stream? input)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input != null,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[.. inputArgs, "-vn", "-f", "f32le", "-ac", "1", "-rematrix_maxval", "1", "-ar", "16000", "-loglevel", "error", "-"])
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            var process = Process.Start(info) ?? throw new AudioFormatException($"{name}: could not start ffmpeg");
            return new FfmpegDecoder(process, name, input);
        }
        catch (Win32Exception e)
        {
            throw new AudioFormatException($"{name}: not a WAV file, and decoding other formats needs ffmpeg on PATH, which was not found (install it, e.g. `apt-get install ffmpeg`, `brew install ffmpeg` or `winget install ffmpeg`)", e);
        }
    }

    private static void Pump(Stream input, Stream stdin)
    {
        try
        {
            input.CopyTo(stdin);
        }
        catch (IOException)
        {
            // ffmpeg closed its input early (it stops reading on a decode error); its exit code reports why.
        }
        finally
        {
            stdin.Dispose();
        }
    }

    private void Finish()
    {
        _finished = true;
        _process.WaitForExit();
        _stdinPump.Wait();
        if (_process.ExitCode != 0)
        {
            string detail;
            lock (_stderr)
            {
                detail = _stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            }

            throw new AudioFormatException($"{_name}: ffmpeg could not decode it (exit code {_process.ExitCode}): {detail}");
        }
    }
}
