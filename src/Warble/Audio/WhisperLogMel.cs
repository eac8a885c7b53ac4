using System.Numerics;

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

    private static readonly double[] HannPeriodic = BuildHann();

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
        ArgumentOutOfRangeException.ThrowIfNotEqual(filters.BinCount, (NFft / 2) + 1, nameof(filters));
        nMels = filters.MelCount;
        var total = (long)audio.Length + padding;
        var frames = checked((int)(total / HopLength));
        var result = new float[checked(nMels * frames)];
        var fft = new RealFft(NFft);
        var frame = new double[NFft];
        var spectrum = new Complex[fft.Bins];
        var power = new double[fft.Bins];
        var mel = new double[nMels];
        var globalMax = float.NegativeInfinity;
        for (var t = 0; t < frames; t++)
        {
            var silent = FillFrame(audio, total, ((long)t * HopLength) - (NFft / 2), frame);
            if (silent)
            {
                Array.Clear(power);
            }
            else
            {
                fft.Forward(frame, spectrum);
                for (var k = 0; k < power.Length; k++)
                {
                    power[k] = (spectrum[k].Real * spectrum[k].Real) + (spectrum[k].Imaginary * spectrum[k].Imaginary);
                }
            }

            filters.Apply(power, mel);
            for (var m = 0; m < nMels; m++)
            {
                var value = (float)Math.Log10(Math.Max(mel[m], 1e-10));
                result[((long)m * frames) + t] = value;
                globalMax = Math.Max(globalMax, value);
            }
        }

        var floor = globalMax - 8;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (Math.Max(result[i], floor) + 4) / 4;
        }

        return result;
    }

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

    /// <summary>Windowed frame of the reflect-padded signal; returns true when every sample in it is zero.</summary>
    private static bool FillFrame(ReadOnlySpan<float> audio, long total, long start, double[] frame)
    {
        var inside = start >= 0 && start + NFft <= total;
        if (inside && start >= audio.Length)
        {
            return true;
        }

        var silent = true;
        for (var i = 0; i < NFft; i++)
        {
            var index = inside ? start + i : Reflect(start + i, total);
            var x = index < audio.Length ? audio[(int)index] : 0f;
            silent &= x == 0;
            frame[i] = x * HannPeriodic[i];
        }

        return silent;
    }

    /// <summary>torch's reflect padding (the edge sample is not repeated), folded again for very short signals.</summary>
    private static long Reflect(long i, long n)
    {
        if (n == 1)
        {
            return 0;
        }

        var period = 2 * (n - 1);
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - i;
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
}
