using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// Bluestein's chirp-z FFT for lengths with a prime factor above 5: with w[k] = exp(−πi·k²/n),
/// X[k] = w[k] · Σ (x[j]·w[j]) · conj(w[k−j]), a convolution done by a power-of-two <see cref="Fft"/>
/// of length m ≥ 2n − 1. The chirp and the transform of its conjugate are planned once.
/// </summary>
internal sealed class Bluestein
{
    private readonly int _n;
    private readonly Fft _inner;
    private readonly Complex[] _chirp;
    private readonly Complex[] _kernelSpectrum;
    private readonly Complex[] _work;

    public Bluestein(int n)
    {
        _n = n;
        var m = 1;
        while (m < (2 * n) - 1)
        {
            m *= 2;
        }

        _inner = new Fft(m);
        _chirp = new Complex[n];
        for (var k = 0; k < n; k++)
        {
            // k² mod 2n keeps the angle exact for large k.
            var angle = -Math.PI * ((long)k * k % (2L * n)) / n;
            _chirp[k] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }

        _kernelSpectrum = new Complex[m];
        _kernelSpectrum[0] = Complex.Conjugate(_chirp[0]);
        for (var k = 1; k < n; k++)
        {
            _kernelSpectrum[k] = _kernelSpectrum[m - k] = Complex.Conjugate(_chirp[k]);
        }

        _inner.Forward(_kernelSpectrum);
        _work = new Complex[m];
    }

    public void Forward(Span<Complex> data)
    {
        var m = _work.Length;
        Array.Clear(_work);
        for (var k = 0; k < _n; k++)
        {
            _work[k] = data[k] * _chirp[k];
        }

        _inner.Forward(_work);
        for (var k = 0; k < m; k++)
        {
            _work[k] *= _kernelSpectrum[k];
        }

        _inner.InverseUnscaled(_work);
        var scale = 1.0 / m;
        for (var k = 0; k < _n; k++)
        {
            data[k] = _work[k] * _chirp[k] * scale;
        }
    }
}
