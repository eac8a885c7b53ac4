namespace Warble.Audio;

/// <summary>
/// NeMo's log-mel filterbank as <c>FilterbankFeatures.forward</c> computes it in inference: pre-emphasis;
/// <c>torch.stft(n_fft, hop, win_length, center=True, pad_mode="constant")</c> with the symmetric window
/// zero-padded to n_fft in the centre; |X|^mag_power; the mel filterbank; log(x + guard) (or clamp);
/// normalisation over the valid frames (per_feature: n−1 std, +1e−5 on the std); frames at or past
/// seq_len set to pad_value; padding to a multiple of pad_to. Dither is a training-time effect and is
/// ignored. Accumulations run in double.
/// </summary>
internal sealed class NemoFilterbank
{
    private const double StdEpsilon = 1e-5;

    private readonly NemoPreprocessorSettings _settings;
    private readonly double[] _window;
    private readonly MelFilterBank _filters;

    /// <param name="window">The checkpoint's <c>preprocessor.featurizer.window</c> [win_length]; null computes it.</param>
    /// <param name="filters">The checkpoint's <c>preprocessor.featurizer.fb</c> [features, n_fft/2 + 1]; null computes Slaney filters.</param>
    public NemoFilterbank(NemoPreprocessorSettings settings, ReadOnlySpan<float> window = default, MelFilterBank? filters = null)
    {
        if (settings.FrameSplicing != 1 || settings.ExactPad)
        {
            throw new NotSupportedException("NeMo preprocessor: frame_splicing > 1 and exact_pad are not supported");
        }

        _settings = settings;
        var nFft = settings.EffectiveNFft;
        var win = window.IsEmpty ? BuildWindow(settings.Window, settings.WinLength) : ToDouble(window);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(win.Length, nFft, nameof(window));
        _window = new double[nFft];
        win.CopyTo(_window.AsSpan((nFft - win.Length) / 2));
        _filters = filters ?? MelFilterBank.Slaney(settings.SampleRate, nFft, settings.Features, settings.Lowfreq, settings.Highfreq);
        ArgumentOutOfRangeException.ThrowIfNotEqual(_filters.BinCount, (nFft / 2) + 1, nameof(filters));
    }

    /// <summary>Samples between frames.</summary>
    public int HopLength => _settings.HopLength;

    /// <summary>Mel bands produced.</summary>
    public int Features => _filters.MelCount;

    /// <summary>Valid frames for n samples: (n + 2·(n_fft/2) − n_fft) / hop, as <c>get_seq_len</c>.</summary>
    public int SeqLen(int samples) => (samples + (2 * (_settings.EffectiveNFft / 2)) - _settings.EffectiveNFft) / _settings.HopLength;

    /// <summary>FFT length.</summary>
    public int NFft => _settings.EffectiveNFft;

    /// <summary>The analysis window, zero-padded to n_fft in the centre.</summary>
    public ReadOnlySpan<double> Window => _window;

    /// <summary>The mel filterbank [features, n_fft/2 + 1].</summary>
    public MelFilterBank Filters => _filters;

    /// <summary>The pre-emphasis coefficient, or null for none.</summary>
    public double? Preemphasis => _settings.Preemph;

    /// <summary>The exponent of the magnitude (2: power).</summary>
    public double MagPower => _settings.MagPower;

    /// <summary>Frames the features of n samples have: n / hop + 1, then padded to a multiple of pad_to.</summary>
    public int PaddedFrames(long samples)
    {
        long stftFrames = (samples / HopLength) + 1;
        return checked((int)(_settings.PadTo > 0 ? (stftFrames + _settings.PadTo - 1) / _settings.PadTo * _settings.PadTo : stftFrames));
    }

    /// <summary>The value of frames at or past seq_len.</summary>
    public float PadValue => (float)_settings.PadValue;

    /// <summary>Whether and how the features are normalised: "per_feature", "all_features" or "".</summary>
    public string Normalization => _settings.Normalize is "per_feature" or "all_features" ? _settings.Normalize : "";

    /// <summary>
    /// Features of one utterance: row-major [features, frames], frames = n / hop + 1 (then padded to pad_to);
    /// the valid length is <see cref="SeqLen"/>.
    /// </summary>
    public float[] Compute(ReadOnlySpan<float> audio, out int frames)
    {
        var stftFrames = (audio.Length / HopLength) + 1;
        var seqLen = SeqLen(audio.Length);
        frames = PaddedFrames(audio.Length);
        var nMels = Features;
        var logMel = new double[nMels * stftFrames];
        var t = 0;
        void Collect(double[] frame)
        {
            for (var m = 0; m < nMels; m++)
            {
                logMel[(m * stftFrames) + t] = frame[m];
            }

            t++;
        }

        var stream = new NemoFeatureFrames(this);
        stream.Push(audio, null, Collect);
        stream.Finish(null, Collect);
        Normalize(logMel, nMels, stftFrames, seqLen);
        var result = new float[nMels * frames];
        for (var m = 0; m < nMels; m++)
        {
            for (var f = 0; f < frames; f++)
            {
                result[(m * frames) + f] = f < seqLen ? (float)logMel[(m * stftFrames) + f] : (float)_settings.PadValue;
            }
        }

        return result;
    }

    /// <summary>log(x + guard), log(max(x, guard)), or x when the config turns the log off.</summary>
    internal double LogGuard(double x)
    {
        if (!_settings.Log)
        {
            return x;
        }

        var guard = _settings.LogZeroGuardValue;
        return _settings.LogZeroGuardType == "clamp" ? Math.Log(Math.Max(x, guard)) : Math.Log(x + guard);
    }

    /// <summary><c>normalize_batch</c> over frames [0, seqLen): per_feature or all_features; the std uses n − 1.</summary>
    private void Normalize(double[] x, int nMels, int frames, int seqLen)
    {
        if (_settings.Normalize is not ("per_feature" or "all_features") || seqLen <= 0)
        {
            return;
        }

        var perFeature = _settings.Normalize == "per_feature";
        var groups = perFeature ? nMels : 1;
        var rowsPerGroup = perFeature ? 1 : nMels;
        for (var g = 0; g < groups; g++)
        {
            double sum = 0, squares = 0;
            var n = (double)seqLen * rowsPerGroup;
            for (var r = 0; r < rowsPerGroup; r++)
            {
                var row = x.AsSpan(((g * rowsPerGroup) + r) * frames, seqLen);
                foreach (var v in row)
                {
                    sum += v;
                }
            }

            var mean = sum / n;
            for (var r = 0; r < rowsPerGroup; r++)
            {
                foreach (var v in x.AsSpan(((g * rowsPerGroup) + r) * frames, seqLen))
                {
                    squares += (v - mean) * (v - mean);
                }
            }

            // One valid frame gives torch.std() = NaN; treat its spread as zero instead.
            var std = (n > 1 ? Math.Sqrt(squares / (n - 1)) : 0) + StdEpsilon;
            for (var r = 0; r < rowsPerGroup; r++)
            {
                var row = x.AsSpan(((g * rowsPerGroup) + r) * frames, frames);
                for (var t = 0; t < row.Length; t++)
                {
                    row[t] = (row[t] - mean) / std;
                }
            }
        }
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }

    /// <summary>torch's symmetric windows (<c>periodic=False</c>), as NeMo builds them; "ones" for none.</summary>
    private static double[] BuildWindow(string kind, int length)
    {
        var w = new double[length];
        var denominator = Math.Max(1, length - 1);
        for (var i = 0; i < length; i++)
        {
            var phase = 2 * Math.PI * i / denominator;
            w[i] = kind switch
            {
                "hann" => 0.5 - (0.5 * Math.Cos(phase)),
                "hamming" => 0.54 - (0.46 * Math.Cos(phase)),
                "blackman" => 0.42 - (0.5 * Math.Cos(phase)) + (0.08 * Math.Cos(2 * phase)),
                "bartlett" => 1 - Math.Abs((2.0 * i / denominator) - 1),
                "ones" or "none" => 1,
                _ => throw new NotSupportedException($"NeMo preprocessor: unknown window '{kind}'"),
            };
        }

        return w;
    }
}
