using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// FFT of real input, returning the n/2 + 1 non-negative-frequency bins (numpy <c>rfft</c>, torch
/// <c>onesided</c>). An even length n packs x[2j] + i·x[2j+1] into a complex transform of n/2 and
/// untangles the even and odd halves with one twiddle per bin; an odd length runs the full complex one.
/// Planned once; one plan per thread.
/// </summary>
internal sealed class RealFft
{
    private readonly Fft _fft;
    private readonly Complex[] _work;
    private readonly Complex[] _twiddles;
    private readonly bool _packed;

    /// <param name="length">Real input length n, at least 1.</param>
    public RealFft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _packed = length % 2 == 0;
        var half = _packed ? length / 2 : length;
        _fft = new Fft(half);
        _work = new Complex[half];
        _twiddles = new Complex[half + 1];
        for (var k = 0; k <= half && _packed; k++)
        {
            _twiddles[k] = Complex.FromPolarCoordinates(1, -2 * Math.PI * k / length);
        }
    }

    /// <summary>The real input length n.</summary>
    public int Length { get; }

    /// <summary>Bins produced: n/2 + 1.</summary>
    public int Bins => (Length / 2) + 1;

    /// <summary>Transforms <paramref name="input"/> (length n) into <paramref name="output"/> (n/2 + 1 bins).</summary>
    public void Forward(ReadOnlySpan<double> input, Span<Complex> output)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(input.Length, Length, nameof(input));
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, Bins, nameof(output));
        if (!_packed)
        {
            for (var j = 0; j < Length; j++)
            {
                _work[j] = input[j];
            }

            _fft.Forward(_work);
            _work.AsSpan(0, Bins).CopyTo(output);
            return;
        }

        var half = _work.Length;
        for (var j = 0; j < half; j++)
        {
            _work[j] = new Complex(input[2 * j], input[(2 * j) + 1]);
        }

        _fft.Forward(_work);
        for (var k = 0; k <= half; k++)
        {
            var zk = _work[k % half];
            var zc = Complex.Conjugate(_work[(half - k) % half]);
            var even = 0.5 * (zk + zc);
            var diff = zk - zc;
            var odd = new Complex(0.5 * diff.Imaginary, -0.5 * diff.Real);
            output[k] = even + (_twiddles[k] * odd);
        }
    }
}
