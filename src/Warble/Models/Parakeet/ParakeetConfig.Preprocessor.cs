using Warble.Audio;

namespace Warble.Models.Parakeet;

/// <summary>The <c>preprocessor</c> section, with the ranges inside which <see cref="NemoFilterbank"/> computes NeMo's features.</summary>
internal sealed partial record ParakeetConfig
{
    /// <summary>Warble resamples all audio to 16 kHz before the preprocessor sees it.</summary>
    private const int SampleRate = 16000;

    /// <summary>
    /// Bounds the dense filterbank (features × (n_fft/2 + 1) floats, 16 MB at the limits) and the STFT frame; NeMo's
    /// models use 512 (window_size is at most 0.1 s, 1600 samples).
    /// </summary>
    private const int MaxNFft = 8192;

    /// <summary>
    /// Reads the keys NeMo's <c>AudioToMelSpectrogramPreprocessor</c> takes, with its defaults, into a validated
    /// <see cref="NemoPreprocessorSettings"/>: windows and strides of at most 0.1 s, an
    /// integer n_fft no shorter than the window, frame_splicing 1 and no exact_pad (the two features Warble does not have).
    /// </summary>
    /// <param name="section">The <c>preprocessor</c> mapping.</param>
    /// <param name="featIn">The encoder's feat_in: the features when the section does not say.</param>
    public static NemoPreprocessorSettings ReadPreprocessor(YamlSection section, int featIn)
    {
        var defaults = new NemoPreprocessorSettings();
        int sampleRate = section.Int("sample_rate", SampleRate, 1, int.MaxValue);
        if (sampleRate != SampleRate)
        {
            throw section.Error("sample_rate", $"is {sampleRate}; Warble feeds the preprocessor 16000 Hz audio");
        }

        double windowSize = section.Double("window_size", defaults.WindowSize, 0.001, 0.1);
        // The hop may exceed the window (torch.stft allows it; whisper.cpp's test model has a 64-sample window and a 160-sample hop).
        double windowStride = section.Double("window_stride", defaults.WindowStride, 0.001, 0.1);
        var settings = defaults with
        {
            SampleRate = sampleRate,
            Normalize = !section.Contains("normalize") ? defaults.Normalize
                : section.String("normalize") is null or "NA" ? ""
                : section.String("normalize", "", "per_feature", "all_features"),
            WindowSize = windowSize,
            WindowStride = windowStride,
            Window = section.String("window", defaults.Window, "hann", "hamming", "blackman", "bartlett", "ones", "none"),
            Features = section.Int("features", featIn, 1, 1024),
            NFft = section.Int("n_fft", 1, MaxNFft),
            Log = section.Bool("log", defaults.Log),
            FrameSplicing = section.Int("frame_splicing", 1, 1, 1),
            Dither = section.Double("dither", defaults.Dither, 0, 1),
            PadTo = section.String("pad_to") == "max" ? 0 : section.Int("pad_to", defaults.PadTo, 0, 1024),
            PadValue = section.Double("pad_value", defaults.PadValue, -1e6, 1e6),
            Preemph = section.Contains("preemph") ? section.Double("preemph", 0, 1) : defaults.Preemph,
            Lowfreq = section.Double("lowfreq", defaults.Lowfreq, 0, SampleRate / 2),
            MagPower = section.Double("mag_power", defaults.MagPower, 0.5, 4),
            LogZeroGuardType = section.String("log_zero_guard_type", defaults.LogZeroGuardType, "add", "clamp"),
            LogZeroGuardValue = section.String("log_zero_guard_value") switch
            {
                "tiny" => 1.1754943508222875e-38,
                "eps" => 1.1920928955078125e-07,
                _ => section.Double("log_zero_guard_value", defaults.LogZeroGuardValue, double.Epsilon, 1),
            },
            ExactPad = section.Bool("exact_pad", false) ? throw section.Error("exact_pad", "is true; Warble does not support it") : false,
        };
        if (settings.NFft is { } nFft && nFft < settings.WinLength)
        {
            throw section.Error("n_fft", $"is {nFft}, shorter than the {settings.WinLength}-sample window");
        }

        return settings with { Highfreq = section.Double("highfreq", settings.Lowfreq + 1, SampleRate / 2) };
    }
}
