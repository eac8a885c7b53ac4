using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// Whisper's log-mel frames (log10 of the mel power, before the whole-file clamp and scaling of
/// <see cref="WhisperLogMel"/>), computed as the audio arrives: a frame is emitted once the samples it covers are in,
/// and only those samples are kept (plus the first ones, which the reflect padding at the start reads back).
/// <see cref="Finish"/> appends the zero padding and emits the rest, dropping the last STFT frame as openai does.
/// </summary>
internal sealed class WhisperMelFrames
{
    private const int NFft = WhisperLogMel.NFft;
    private const int Hop = WhisperLogMel.HopLength;
    private const int HeadSamples = NFft;

    private readonly MelFilterBank filters;
    private readonly RealFft fft = new(NFft);
    private readonly double[] frame = new double[NFft];
    private readonly Complex[] spectrum;
    private readonly double[] power;
    private readonly double[] mel;
    private readonly float[] logMel;
    private readonly float[] head = new float[HeadSamples];
    private readonly SlidingSamples<float> buffer = new();
    private long received, total = long.MaxValue / 4, audioLength = long.MaxValue;
    private int next;

    public WhisperMelFrames(MelFilterBank filters)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(filters.BinCount, (NFft / 2) + 1, nameof(filters));
        this.filters = filters;
        spectrum = new Complex[fft.Bins];
        power = new double[fft.Bins];
        mel = new double[filters.MelCount];
        logMel = new float[filters.MelCount];
    }

    /// <summary>Mel bins per frame.</summary>
    public int NMels => filters.MelCount;

    /// <summary>Frames emitted so far.</summary>
    public int Count => next;

    /// <summary>Takes the next samples and emits every frame they complete.</summary>
    public void Push(ReadOnlySpan<float> samples, IFrameSink sink)
    {
        if (received < HeadSamples)
        {
            int take = (int)Math.Min(samples.Length, HeadSamples - received);
            samples[..take].CopyTo(head.AsSpan((int)received));
        }

        samples.CopyTo(buffer.Reserve(samples.Length));
        buffer.Commit(samples.Length);
        received += samples.Length;
        while (((long)next * Hop) + (NFft / 2) < received)
        {
            Emit(sink);
        }

        buffer.Forget(((long)next * Hop) - (NFft / 2));
    }

    /// <summary>Ends the audio: <paramref name="padding"/> zero samples follow, and every remaining frame is emitted.</summary>
    public void Finish(int padding, IFrameSink sink)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(padding);
        audioLength = received;
        total = received + padding;
        long frames = total / Hop;
        while (next < frames)
        {
            Emit(sink);
        }
    }

    private void Emit(IFrameSink sink)
    {
        long start = ((long)next * Hop) - (NFft / 2);
        bool silent = true;
        for (int i = 0; i < NFft; i++)
        {
            float x = Sample(Reflect(start + i, total));
            silent &= x == 0;
            frame[i] = x * WhisperLogMel.HannPeriodic[i];
        }

        if (silent)
        {
            Array.Clear(power);
        }
        else
        {
            fft.Forward(frame, spectrum);
            for (int k = 0; k < power.Length; k++)
            {
                power[k] = (spectrum[k].Real * spectrum[k].Real) + (spectrum[k].Imaginary * spectrum[k].Imaginary);
            }
        }

        filters.Apply(power, mel);
        for (int m = 0; m < logMel.Length; m++)
        {
            logMel[m] = (float)Math.Log10(Math.Max(mel[m], 1e-10));
        }

        sink.Append(logMel);
        next++;
    }

    /// <summary>Sample <paramref name="index"/> of the padded signal: the audio, then zeros.</summary>
    private float Sample(long index) =>
        index >= audioLength ? 0f
        : index < HeadSamples ? head[index]
        : buffer[index];

    /// <summary>torch's reflect padding (the edge sample is not repeated), folded again for very short signals.</summary>
    internal static long Reflect(long i, long n)
    {
        if (i >= 0 && i < n)
        {
            return i;
        }

        if (n == 1)
        {
            return 0;
        }

        long period = 2 * (n - 1);
        i %= period;
        if (i < 0)
        {
            i += period;
        }

        return i < n ? i : period - i;
    }
}
