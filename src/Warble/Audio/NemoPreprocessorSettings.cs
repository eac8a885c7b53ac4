namespace Warble.Audio;

/// <summary>
/// The <c>preprocessor</c> section of a NeMo model config (AudioToMelSpectrogramPreprocessor), with NeMo's
/// yaml keys in PascalCase and NeMo's defaults (read and range-checked by <c>ParakeetConfig.ReadPreprocessor</c>). Dither is kept for completeness; inference ignores it.
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
}
