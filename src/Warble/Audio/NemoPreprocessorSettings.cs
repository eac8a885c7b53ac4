using System.Globalization;

namespace Warble.Audio;

/// <summary>
/// The <c>preprocessor</c> section of a NeMo model config (AudioToMelSpectrogramPreprocessor), with NeMo's
/// yaml keys in PascalCase and NeMo's defaults. Dither is kept for completeness; inference ignores it.
/// </summary>
internal sealed record NemoPreprocessorSettings
{
    public int SampleRate { get; init; } = 16000;

    /// <summary>"per_feature", "all_features" or "" (none).</summary>
    public string Normalize { get; init; } = "per_feature";

    public double WindowSize { get; init; } = 0.02;

    public double WindowStride { get; init; } = 0.01;

    public string Window { get; init; } = "hann";

    /// <summary>Mel bands.</summary>
    public int Features { get; init; } = 64;

    /// <summary>FFT length; null: the next power of two of the window length.</summary>
    public int? NFft { get; init; }

    public bool Log { get; init; } = true;

    public int FrameSplicing { get; init; } = 1;

    public double Dither { get; init; } = 1e-5;

    public int PadTo { get; init; } = 16;

    public double PadValue { get; init; }

    public double? Preemph { get; init; } = 0.97;

    public double Lowfreq { get; init; }

    public double? Highfreq { get; init; }

    public double MagPower { get; init; } = 2.0;

    /// <summary>"add" or "clamp".</summary>
    public string LogZeroGuardType { get; init; } = "add";

    public double LogZeroGuardValue { get; init; } = Math.Pow(2, -24);

    public bool ExactPad { get; init; }

    /// <summary>Window length in samples: round(window_size · sample_rate).</summary>
    public int WinLength => (int)Math.Round(WindowSize * SampleRate);

    /// <summary>Hop in samples: round(window_stride · sample_rate).</summary>
    public int HopLength => (int)Math.Round(WindowStride * SampleRate);

    /// <summary>The FFT length in effect.</summary>
    public int EffectiveNFft => NFft ?? (int)Math.Pow(2, Math.Ceiling(Math.Log2(WinLength)));

    /// <summary>Reads the scalar keys of a yaml <c>preprocessor</c> mapping (unknown keys are ignored).</summary>
    /// <param name="section">yaml key → scalar text, e.g. "window_size" → "0.025".</param>
    public static NemoPreprocessorSettings FromConfig(IReadOnlyDictionary<string, string> section)
    {
        var s = new NemoPreprocessorSettings();
        string? Get(string key) => section.TryGetValue(key, out var v) && v is not ("null" or "~" or "") ? v : null;
        double Num(string key, double fallback) => Get(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int Int(string key, int fallback) => (int)Num(key, fallback);
        return s with
        {
            SampleRate = Int("sample_rate", s.SampleRate),
            Normalize = section.TryGetValue("normalize", out var norm) ? (norm is "null" or "~" or "NA" or "" ? "" : norm) : s.Normalize,
            WindowSize = Num("window_size", s.WindowSize),
            WindowStride = Num("window_stride", s.WindowStride),
            Window = Get("window") ?? s.Window,
            Features = Int("features", s.Features),
            NFft = Get("n_fft") is { } nFft ? int.Parse(nFft, CultureInfo.InvariantCulture) : null,
            Log = Get("log") is not { } log || bool.Parse(log),
            FrameSplicing = Int("frame_splicing", s.FrameSplicing),
            Dither = Num("dither", s.Dither),
            PadTo = Get("pad_to") is "max" ? 0 : Int("pad_to", s.PadTo),
            PadValue = Num("pad_value", s.PadValue),
            Preemph = section.ContainsKey("preemph") ? (Get("preemph") is { } p ? double.Parse(p, CultureInfo.InvariantCulture) : null) : s.Preemph,
            Lowfreq = Num("lowfreq", s.Lowfreq),
            Highfreq = Get("highfreq") is { } h ? double.Parse(h, CultureInfo.InvariantCulture) : null,
            MagPower = Num("mag_power", s.MagPower),
            LogZeroGuardType = Get("log_zero_guard_type") ?? s.LogZeroGuardType,
            LogZeroGuardValue = Get("log_zero_guard_value") switch
            {
                null => s.LogZeroGuardValue,
                "tiny" => 1.1754943508222875e-38,
                "eps" => 1.1920928955078125e-07,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            },
            ExactPad = Get("exact_pad") is { } e && bool.Parse(e),
        };
    }
}
