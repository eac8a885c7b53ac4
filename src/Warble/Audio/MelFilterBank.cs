namespace Warble.Audio;

/// <summary>
/// A mel filterbank [n_mels, n_fft/2 + 1] stored densely (row-major, as <c>mel_filters.npz</c>, the ggml
/// header and NeMo's <c>featurizer.fb</c> hold it) with each row's non-zero bin range, so applying it to a
/// power spectrum costs the filters' overlap, not n_mels × bins.
/// </summary>
internal sealed class MelFilterBank
{
    private readonly float[] _weights;
    private readonly int[] _first;
    private readonly int[] _end;

    /// <param name="weights">Row-major [melCount, binCount] filter weights.</param>
    public MelFilterBank(float[] weights, int melCount, int binCount)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, melCount * binCount, nameof(weights));
        _weights = weights;
        MelCount = melCount;
        BinCount = binCount;
        _first = new int[melCount];
        _end = new int[melCount];
        for (var m = 0; m < melCount; m++)
        {
            var row = weights.AsSpan(m * binCount, binCount);
            var first = row.IndexOfAnyExcept(0f);
            _first[m] = first < 0 ? 0 : first;
            _end[m] = first < 0 ? 0 : row.LastIndexOfAnyExcept(0f) + 1;
        }
    }

    /// <summary>Number of mel bands.</summary>
    public int MelCount { get; }

    /// <summary>Number of FFT bins each filter spans (n_fft/2 + 1).</summary>
    public int BinCount { get; }

    /// <summary>The dense row-major weights.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>
    /// Slaney-style filters exactly as <c>librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False,
    /// norm="slaney")</c>: triangles between mel points spaced evenly on the Slaney scale, area-normalised
    /// by 2 / (f[m+2] − f[m]); computed in double, then rounded to float32 as librosa returns them.
    /// </summary>
    public static MelFilterBank Slaney(int sampleRate, int nFft, int melCount, double fmin = 0, double? fmax = null)
    {
        var bins = (nFft / 2) + 1;
        var top = fmax ?? sampleRate / 2.0;
        var melPoints = new double[melCount + 2];
        var minMel = HzToMel(fmin);
        var maxMel = HzToMel(top);
        for (var i = 0; i < melPoints.Length; i++)
        {
            melPoints[i] = MelToHz(minMel + ((maxMel - minMel) * i / (melCount + 1)));
        }

        var weights = new float[melCount * bins];
        for (var m = 0; m < melCount; m++)
        {
            var lowerWidth = melPoints[m + 1] - melPoints[m];
            var upperWidth = melPoints[m + 2] - melPoints[m + 1];
            var enorm = 2.0 / (melPoints[m + 2] - melPoints[m]);
            for (var k = 0; k < bins; k++)
            {
                var freq = (double)k * sampleRate / nFft;
                var lower = (freq - melPoints[m]) / lowerWidth;
                var upper = (melPoints[m + 2] - freq) / upperWidth;
                weights[(m * bins) + k] = (float)(Math.Max(0, Math.Min(lower, upper)) * enorm);
            }
        }

        return new MelFilterBank(weights, melCount, bins);
    }

    /// <summary>mel[m] = Σ_k weights[m, k] · power[k], over each row's non-zero range.</summary>
    public void Apply(ReadOnlySpan<double> power, Span<double> mel)
    {
        for (var m = 0; m < MelCount; m++)
        {
            var row = _weights.AsSpan((m * BinCount) + _first[m], _end[m] - _first[m]);
            var p = power.Slice(_first[m], row.Length);
            double sum = 0;
            for (var k = 0; k < row.Length; k++)
            {
                sum += row[k] * p[k];
            }

            mel[m] = sum;
        }
    }

    /// <summary>librosa <c>hz_to_mel(htk=False)</c>: linear below 1 kHz, logarithmic above.</summary>
    private static double HzToMel(double hz)
    {
        const double fsp = 200.0 / 3;
        var logStep = Math.Log(6.4) / 27.0;
        return hz >= 1000 ? (1000 / fsp) + (Math.Log(hz / 1000) / logStep) : hz / fsp;
    }

    /// <summary>librosa <c>mel_to_hz(htk=False)</c>.</summary>
    private static double MelToHz(double mel)
    {
        const double fsp = 200.0 / 3;
        const double minLogMel = 1000 / fsp;
        var logStep = Math.Log(6.4) / 27.0;
        return mel >= minLogMel ? 1000 * Math.Exp(logStep * (mel - minLogMel)) : fsp * mel;
    }
}
