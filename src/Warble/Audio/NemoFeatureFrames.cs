using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// NeMo's log-mel frames (<see cref="NemoFilterbank"/> before normalisation) computed as the audio arrives:
/// pre-emphasis carried across blocks, a frame emitted once the samples it covers are in (the STFT is centred with
/// zero padding), and only those samples kept. <see cref="Finish"/> emits the frames that reach past the end.
/// </summary>
internal sealed class NemoFeatureFrames
{
    private readonly NemoFilterbank filterbank;
    private readonly int nFft, hop;
    private readonly RealFft fft;
    private readonly double[] frame;
    private readonly Complex[] spectrum;
    private readonly double[] power, mel;
    private readonly float[] output;
    private readonly SlidingSamples<double> buffer = new();
    private long received, length = long.MaxValue;
    private int next;
    private float previous;

    public NemoFeatureFrames(NemoFilterbank filterbank)
    {
        this.filterbank = filterbank;
        nFft = filterbank.NFft;
        hop = filterbank.HopLength;
        fft = new RealFft(nFft);
        frame = new double[nFft];
        spectrum = new Complex[fft.Bins];
        power = new double[fft.Bins];
        mel = new double[filterbank.Features];
        output = new float[filterbank.Features];
    }

    /// <summary>Samples received so far.</summary>
    public long Samples => received;

    /// <summary>Takes the next samples and emits every frame they complete (as float, or as double through <paramref name="doubles"/>).</summary>
    public void Push(ReadOnlySpan<float> samples, IFrameSink? sink, Action<double[]>? doubles = null)
    {
        double? k = filterbank.Preemphasis;
        Span<double> emphasised = buffer.Reserve(samples.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            float x = samples[i];
            emphasised[i] = k is { } coefficient && received + i > 0 ? x - (coefficient * previous) : x;
            previous = x;
        }

        buffer.Commit(samples.Length);
        received += samples.Length;
        while (((long)next * hop) - (nFft / 2) + nFft <= received)
        {
            Emit(sink, doubles);
        }

        buffer.Forget(((long)next * hop) - (nFft / 2));
    }

    /// <summary>Ends the audio and emits the remaining frames: n / hop + 1 in all.</summary>
    public void Finish(IFrameSink? sink, Action<double[]>? doubles = null)
    {
        length = received;
        long frames = (received / hop) + 1;
        while (next < frames)
        {
            Emit(sink, doubles);
        }
    }

    private void Emit(IFrameSink? sink, Action<double[]>? doubles)
    {
        long start = ((long)next * hop) - (nFft / 2);
        ReadOnlySpan<double> window = filterbank.Window;
        for (int i = 0; i < nFft; i++)
        {
            long index = start + i;
            frame[i] = index >= 0 && index < length ? buffer[index] * window[i] : 0;
        }

        fft.Forward(frame, spectrum);
        for (int k = 0; k < power.Length; k++)
        {
            double squared = (spectrum[k].Real * spectrum[k].Real) + (spectrum[k].Imaginary * spectrum[k].Imaginary);
            power[k] = filterbank.MagPower == 2.0 ? squared : Math.Pow(squared, filterbank.MagPower / 2);
        }

        filterbank.Filters.Apply(power, mel);
        for (int m = 0; m < mel.Length; m++)
        {
            mel[m] = filterbank.LogGuard(mel[m]);
            output[m] = (float)mel[m];
        }

        doubles?.Invoke(mel);
        sink?.Append(output);
        next++;
    }
}
