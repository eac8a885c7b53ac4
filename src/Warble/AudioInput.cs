using Warble.Audio;

namespace Warble;

/// <summary>
/// Audio to transcribe: a file path (<c>-</c> is standard input), a <see cref="System.IO.Stream"/> (WAV read directly,
/// any other container through ffmpeg; pipes and network streams are read forward only, never rewound) or samples
/// already in memory. Nothing is read until a transcription starts, and then only as the pipeline consumes it.
/// </summary>
public sealed class AudioInput
{
    private readonly string? path;
    private readonly Stream? stream;
    private readonly bool leaveOpen;
    private readonly ReadOnlyMemory<float> samples;
    private readonly int sampleRate;
    private readonly Func<ISampleSource>? source;

    private AudioInput(string name, string? path, Stream? stream, bool leaveOpen, ReadOnlyMemory<float> samples, int sampleRate,
        Func<ISampleSource>? source = null)
    {
        this.source = source;
        Name = name;
        this.path = path;
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.samples = samples;
        this.sampleRate = sampleRate;
    }

    /// <summary>What error messages call the audio: the path, the stream's given name, or "&lt;samples&gt;".</summary>
    public string Name { get; }

    /// <summary>An audio file of any kind Warble reads; <c>-</c> reads standard input.</summary>
    public static AudioInput FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new AudioInput(path == "-" ? "<stdin>" : path, path, null, false, default, 0);
    }

    /// <summary>
    /// Audio read from <paramref name="stream"/> to its end, forward only (a pipe, an upload, a socket). The stream is
    /// left open unless <paramref name="leaveOpen"/> is false. One transcription may read it.
    /// </summary>
    /// <param name="name">What error messages call it.</param>
    public static AudioInput FromStream(Stream stream, string? name = null, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("the audio stream is not readable", nameof(stream));
        }

        return new AudioInput(name ?? "<stream>", null, stream, leaveOpen, default, 0);
    }

    /// <summary>Mono samples in [-1, 1] at <paramref name="sampleRate"/> Hz (resampled to 16 kHz when it differs).</summary>
    public static AudioInput FromSamples(ReadOnlyMemory<float> samples, int sampleRate = AudioLoader.SampleRate)
    {
        Resampler.CheckRate(sampleRate, "<samples>");
        return new AudioInput("<samples>", null, null, false, samples, sampleRate);
    }

    /// <summary>Audio from a decoder the library makes (speech joined from a spooled recording).</summary>
    internal static AudioInput FromSource(Func<ISampleSource> open, string name) =>
        new(name, null, null, false, default, 0, open);

    /// <summary>A file path, as <see cref="FromFile"/>.</summary>
    public static implicit operator AudioInput(string path) => FromFile(path);

    /// <summary>A stream, as <see cref="FromStream"/> (left open).</summary>
    public static implicit operator AudioInput(Stream stream) => FromStream(stream);

    /// <summary>16 kHz mono samples, as <see cref="FromSamples"/>.</summary>
    public static implicit operator AudioInput(float[] samples) => FromSamples(samples);

    /// <summary>
    /// Decodes the audio as the models take it: 16 kHz mono blocks, read as they are asked for. A block is valid until
    /// the next one is asked for (the buffers are reused); copy what must outlive that.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<float>> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using IEnumerator<ReadOnlyMemory<float>> blocks = AudioSamples.Blocks(this, cancellationToken).GetEnumerator();
        while (await Task.Run(blocks.MoveNext, cancellationToken).ConfigureAwait(false))
        {
            yield return blocks.Current;
        }
    }

    /// <summary>Opens a decoder at the audio's own rate.</summary>
    internal ISampleSource Open() =>
        source is not null ? source()
        : path is not null ? AudioLoader.Open(path)
        : stream is not null ? AudioLoader.Open(stream, Name, leaveOpen)
        : new MemorySampleSource(samples, sampleRate);
}
