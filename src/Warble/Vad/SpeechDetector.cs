using Warble.Models.Silero;

namespace Warble.Vad;

/// <summary>
/// Finds speech in 16 kHz audio with Silero VAD. The detector only holds the read-only model and can be shared by
/// concurrent calls; each call (or each <see cref="CreateSession"/>) carries its own state.
/// </summary>
internal sealed class SpeechDetector
{
    /// <summary>The rate the detector takes.</summary>
    public const int SampleRate = SileroVad.SampleRate;

    private static readonly Lazy<SpeechDetector> Shared = new(() => new SpeechDetector(SileroVad.Embedded));
    private readonly SileroVad model;

    public SpeechDetector(SileroVad model) => this.model = model;

    /// <summary>The detector over the model embedded in the library.</summary>
    public static SpeechDetector Default => Shared.Value;

    /// <summary>A new stream, for audio that arrives in pieces.</summary>
    public VadSession CreateSession() => new(model);

    /// <summary>
    /// One speech probability per 512-sample frame, the last frame zero-padded (silero-vad's <c>audio_forward</c>):
    /// ⌈samples / 512⌉ values.
    /// </summary>
    public float[] Probabilities(ReadOnlySpan<float> samples16k)
    {
        VadSession session = CreateSession();
        var probabilities = new float[(samples16k.Length + SileroVad.WindowSize - 1) / SileroVad.WindowSize];
        int written = session.Process(samples16k, probabilities);
        session.Flush(probabilities.AsSpan(written));
        return probabilities;
    }

    /// <summary>
    /// Speech regions, as faster-whisper's <c>get_speech_timestamps</c>: the audio is padded with 512 − (n mod 512) zeros
    /// (a whole zero frame when n is a multiple of 512), so there are ⌊n / 512⌋ + 1 probabilities, then
    /// <see cref="SpeechTimestamps.Get"/> turns them into regions.
    /// </summary>
    public IReadOnlyList<SpeechRegion> Detect(ReadOnlySpan<float> samples16k, VadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        VadSession session = CreateSession();
        var probabilities = new float[(samples16k.Length / SileroVad.WindowSize) + 1];
        int written = session.Process(samples16k, probabilities);
        Span<float> zeros = stackalloc float[SileroVad.WindowSize - session.PendingSamples];
        zeros.Clear();
        session.Process(zeros, probabilities.AsSpan(written));
        return SpeechTimestamps.Get(probabilities, samples16k.Length, options);
    }
}
