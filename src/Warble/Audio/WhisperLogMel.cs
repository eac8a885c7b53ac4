namespace Warble.Audio;

/// <summary>
/// Whisper's log-mel spectrogram, as openai-whisper <c>audio.log_mel_spectrogram</c>: append
/// <c>padding</c> zero samples; STFT with n_fft 400, hop 160, periodic Hann 400, centred with reflect
/// padding; |STFT|²; drop the last frame; mel filters (80 or 128, Slaney); log10(max(x, 1e−10));
/// max(x, max − 8) over the whole padded file; (x + 4) / 4. <see cref="PadOrTrim"/> then cuts a 3000-frame
/// window as <c>pad_or_trim</c> does, padding with zeros in the log-mel domain.
/// </summary>
internal static class WhisperLogMel
{
    /// <summary>N_FFT.</summary>
    public const int NFft = 400;

    /// <summary>HOP_LENGTH.</summary>
    public const int HopLength = 160;

    /// <summary>N_FRAMES: frames in a 30 s window.</summary>
    public const int NFrames = 3000;

    /// <summary>N_SAMPLES: samples in a 30 s window, the padding <c>transcribe()</c> appends.</summary>
    public const int NSamples = 480000;

    /// <summary><c>torch.hann_window(400)</c>, periodic.</summary>
    internal static readonly double[] HannPeriodic = BuildHann();

    /// <summary>Whisper's own filters (<c>librosa.filters.mel(sr=16000, n_fft=400, n_mels)</c>).</summary>
    public static MelFilterBank Filters(int nMels) => MelFilterBank.Slaney(16000, NFft, nMels);

    /// <summary>
    /// The log-mel of <paramref name="audio"/> (16 kHz mono) followed by <paramref name="padding"/> zeros:
    /// row-major [n_mels, frames] with frames = (audio.Length + padding) / 160.
    /// </summary>
    /// <param name="filters">Filters [n_mels, 201], e.g. those a ggml model file carries; null computes Slaney filters for <paramref name="nMels"/>.</param>
    public static float[] Compute(ReadOnlySpan<float> audio, int nMels = 80, int padding = 0, MelFilterBank? filters = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        filters ??= Filters(nMels);
        var frames = checked((int)(((long)audio.Length + padding) / HopLength));
        var sink = new ChannelMajor(filters.MelCount, frames);
        var stream = new WhisperMelFrames(filters);
        stream.Push(audio, sink);
        stream.Finish(padding, sink);
        var result = sink.Values;
        var floor = sink.Max - 8;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Normalize(result[i], floor);
        }

        return result;
    }

    /// <summary>openai's last two steps: <c>max(x, max − 8)</c> over the whole padded file, then <c>(x + 4) / 4</c>.</summary>
    public static float Normalize(float logMel, float floor) => (Math.Max(logMel, floor) + 4) / 4;

    /// <summary>
    /// Frames [start, start + 3000) of a [n_mels, frames] log-mel, zero-filled past the end, as
    /// <c>pad_or_trim(mel[:, start:start + 3000], N_FRAMES)</c>.
    /// </summary>
    public static float[] PadOrTrim(ReadOnlySpan<float> mel, int nMels, int start, int length = NFrames)
    {
        var frames = mel.Length / nMels;
        var result = new float[nMels * length];
        var count = Math.Clamp(frames - start, 0, length);
        for (var m = 0; m < nMels && count > 0; m++)
        {
            mel.Slice((m * frames) + start, count).CopyTo(result.AsSpan(m * length));
        }

        return result;
    }

    /// <summary><c>torch.hann_window(400)</c> (periodic): 0.5 − 0.5·cos(2πi/400).</summary>
    private static double[] BuildHann()
    {
        var w = new double[NFft];
        for (var i = 0; i < NFft; i++)
        {
            w[i] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / NFft));
        }

        return w;
    }

    /// <summary>Frames gathered into [n_mels, frames], with their maximum.</summary>
    private sealed class ChannelMajor(int nMels, int frames) : IFrameSink
    {
        private int t;

        public float[] Values { get; } = new float[checked(nMels * frames)];

        public float Max { get; private set; } = float.NegativeInfinity;

        public void Append(ReadOnlySpan<float> frame)
        {
            for (int m = 0; m < nMels; m++)
            {
                Values[((long)m * frames) + t] = frame[m];
                Max = Math.Max(Max, frame[m]);
            }

            t++;
        }
    }
}
