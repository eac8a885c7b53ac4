using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Warble.Audio;

/// <summary>
/// Streaming band-limited resampler: a Kaiser-windowed sinc, polyphase, with zero delay. Output sample k is
/// the band-limited input evaluated at time k / outputRate, so the output lines up with the input's timeline
/// (as ffmpeg's swresample, whose defaults it follows: cutoff 0.97 of the lower Nyquist, 16 zero crossings
/// each side, Kaiser β 9). Input arrives in blocks of any size; only about one block plus the filter span
/// is held, so a long file is never in memory twice. For rates whose reduced output factor exceeds
/// <see cref="MaxPhases"/>, the phases are quantised to that many and interpolated linearly.
/// </summary>
internal sealed class Resampler
{
    /// <summary>Largest exact polyphase table; beyond it phases are interpolated.</summary>
    public const int MaxPhases = 1024;

    private const int ChunkSize = 8192;

    private readonly int _p;
    private readonly int _q;
    private readonly int _half;
    private readonly int _taps;
    private readonly int _phases;
    private readonly float[] _table;
    private readonly float[] _buffer;
    private long _bufferStart;
    private int _bufferCount;
    private long _inputCount;
    private long _outputIndex;

    /// <param name="inputRate">Input samples per second.</param>
    /// <param name="outputRate">Output samples per second.</param>
    public Resampler(int inputRate, int outputRate, int zeroCrossings = 16, double cutoff = 0.97, double kaiserBeta = 9.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        var g = Gcd(inputRate, outputRate);
        _p = inputRate / g;
        _q = outputRate / g;
        var fc = 0.5 * Math.Min(1.0, (double)_q / _p) * cutoff;
        var width = zeroCrossings / (2 * fc);
        _half = (int)Math.Ceiling(width);
        _taps = 2 * _half + 2;
        _phases = Math.Min(_q, MaxPhases);
        _table = BuildTable(_phases, _half, fc, width, kaiserBeta);
        _buffer = new float[ChunkSize + 2 * _taps];
        _bufferStart = -_half;
        _bufferCount = _half;
    }

    /// <summary>The lowest input rate accepted: below it a second of audio would be a few samples of noise.</summary>
    public const int MinRate = 1000;

    /// <summary>The highest input rate accepted (DXD); beyond it the filter tables and blocks grow without purpose.</summary>
    public const int MaxRate = 384000;

    /// <summary>Refuses a rate outside [<see cref="MinRate"/>, <see cref="MaxRate"/>] with a one-line error naming the audio.</summary>
    public static void CheckRate(int rate, string name)
    {
        if (rate < MinRate || rate > MaxRate)
        {
            throw new AudioFormatException($"{name}: a sample rate of {rate} Hz is outside the {MinRate / 1000} kHz to {MaxRate / 1000} kHz Warble resamples from");
        }
    }

    /// <summary>Taps of each polyphase filter.</summary>
    public int Taps => _taps;

    /// <summary>Resamples in one call: <c>ceil(n · out / in)</c> samples.</summary>
    public static float[] Resample(ReadOnlySpan<float> input, int inputRate, int outputRate)
    {
        if (inputRate == outputRate)
        {
            return input.ToArray();
        }

        var resampler = new Resampler(inputRate, outputRate);
        var writer = new ArrayBufferWriter<float>((int)Math.Min(Array.MaxLength, (long)input.Length * outputRate / inputRate + 16));
        resampler.Process(input, writer);
        resampler.Flush(writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Feeds input samples; writes every output sample whose filter span is now complete.</summary>
    public void Process(ReadOnlySpan<float> input, IBufferWriter<float> output)
    {
        while (!input.IsEmpty)
        {
            Compact();
            var n = Math.Min(input.Length, _buffer.Length - _bufferCount);
            input[..n].CopyTo(_buffer.AsSpan(_bufferCount));
            _bufferCount += n;
            _inputCount += n;
            input = input[n..];
            Produce(long.MaxValue, output);
        }
    }

    /// <summary>Ends the stream: pads with zeros and writes the remaining outputs, ceil(n · out / in) in all.</summary>
    public void Flush(IBufferWriter<float> output)
    {
        var total = (_inputCount * _q + _p - 1) / _p;
        while (_outputIndex < total)
        {
            Compact();
            var n = _buffer.Length - _bufferCount;
            _buffer.AsSpan(_bufferCount, n).Clear();
            _bufferCount += n;
            Produce(total, output);
        }
    }

    private void Produce(long limit, IBufferWriter<float> output)
    {
        var end = _bufferStart + _bufferCount;
        while (_outputIndex < limit)
        {
            var position = _outputIndex * _p;
            var center = position / _q;
            if (center + _half + 1 >= end)
            {
                return;
            }

            var span = _buffer.AsSpan((int)(center - _half - _bufferStart), _taps);
            output.GetSpan(1)[0] = Evaluate(span, position % _q);
            output.Advance(1);
            _outputIndex++;
        }
    }

    private float Evaluate(ReadOnlySpan<float> span, long phase)
    {
        if (_phases == _q)
        {
            return Dot(span, _table.AsSpan((int)phase * _taps, _taps));
        }

        var scaled = (double)phase * _phases / _q;
        var row = (int)scaled;
        var t = (float)(scaled - row);
        var a = Dot(span, _table.AsSpan(row * _taps, _taps));
        var b = Dot(span, _table.AsSpan((row + 1) * _taps, _taps));
        return a + (t * (b - a));
    }

    /// <summary>Drops input no longer reachable by any future output's filter.</summary>
    private void Compact()
    {
        var needed = (_outputIndex * _p / _q) - _half;
        var drop = (int)Math.Clamp(needed - _bufferStart, 0, _bufferCount);
        if (drop == 0)
        {
            return;
        }

        _buffer.AsSpan(drop, _bufferCount - drop).CopyTo(_buffer);
        _bufferCount -= drop;
        _bufferStart += drop;
    }

    /// <summary>Row r holds h(j − r/phases) for j = −half … half+1; row <c>phases</c> is the next whole sample, for interpolation.</summary>
    private static float[] BuildTable(int phases, int half, double fc, double width, double beta)
    {
        var taps = 2 * half + 2;
        var table = new float[(phases + 1) * taps];
        var row = new double[taps];
        for (var r = 0; r <= phases; r++)
        {
            var frac = (double)r / phases;
            double sum = 0;
            for (var i = 0; i < taps; i++)
            {
                var d = i - half - frac;
                row[i] = Math.Abs(d) > width ? 0 : 2 * fc * Sinc(2 * fc * d) * Kaiser(d / width, beta);
                sum += row[i];
            }

            for (var i = 0; i < taps; i++)
            {
                table[(r * taps) + i] = (float)(row[i] / sum);
            }
        }

        return table;
    }

    /// <summary>Dot product with <see cref="Vector{T}"/> lanes; the filter span is short (about 90 taps).</summary>
    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        var vx = MemoryMarshal.Cast<float, Vector<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector<float>>(y);
        var acc = Vector<float>.Zero;
        for (var i = 0; i < vx.Length; i++)
        {
            acc += vx[i] * vy[i];
        }

        var sum = Vector.Sum(acc);
        for (var i = vx.Length * Vector<float>.Count; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    private static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Kaiser(double x, double beta) => BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (x * x)))) / BesselI0(beta);

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 50 && term > 1e-17 * sum; k++)
        {
            term *= x * x / (4.0 * k * k);
            sum += term;
        }

        return sum;
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
