using System.Buffers;
using Warble.Audio;
using Warble.Models.Silero;
using Warble.Vad;

namespace Warble;

/// <summary>
/// Silero VAD over audio that arrives in pieces (a microphone, a realtime session): push mono samples at the rate given
/// at construction and receive the speech probability of every 32 ms frame (512 samples at 16 kHz) they complete, the
/// model's state carried from frame to frame. The model is shared; each stream has its own state. One stream is fed by
/// one thread at a time.
/// </summary>
public sealed class VoiceActivityStream
{
    private readonly VadSession session = SpeechDetector.Default.CreateSession();
    private readonly Resampler? resampler;
    private readonly ArrayBufferWriter<float> resampled = new();

    /// <param name="sampleRate">The rate of the samples given to <see cref="Append"/>; resampled to 16 kHz when it differs.</param>
    public VoiceActivityStream(int sampleRate = AudioLoader.SampleRate)
    {
        Resampler.CheckRate(sampleRate, "voice activity stream");
        resampler = sampleRate == AudioLoader.SampleRate ? null : new Resampler(sampleRate, AudioLoader.SampleRate);
    }

    /// <summary>Seconds of audio each probability covers.</summary>
    public static double FrameSeconds => SileroVad.WindowSize / (double)AudioLoader.SampleRate;

    /// <summary>Takes the next samples; returns the speech probability (0 to 1) of each frame they complete, in order.</summary>
    public IReadOnlyList<float> Append(ReadOnlySpan<float> samples)
    {
        if (resampler is not null)
        {
            resampled.ResetWrittenCount();
            resampler.Process(samples, resampled);
            samples = resampled.WrittenSpan;
        }

        return session.Process(samples).ToArray();
    }

    /// <summary>Starts over: zero state, nothing pending (silero-vad's <c>reset_states</c>).</summary>
    public void Reset() => session.Reset();
}
