using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// Complex FFT of any length, planned once. Lengths whose factors are all 2, 3 and 5 use an in-place
/// mixed-radix decimation-in-time transform (radices 4, 2, 3, 5 after a digit-reversal permutation);
/// any other length uses Bluestein's chirp-z algorithm over a power-of-two transform. Twiddles and
/// scratch are allocated by the constructor, so a transform allocates nothing; a plan therefore serves
/// one thread at a time. Forward sign convention: X[k] = Σ x[j]·exp(−2πi·jk/n), as numpy and torch.
/// </summary>
internal sealed partial class Fft
{
    private readonly int[] _radices;
    private readonly int[] _permutation;
    private readonly Complex[][] _stageTwiddles;
    private readonly Complex[] _scratch;
    private readonly Bluestein? _bluestein;

    /// <param name="length">Transform length, at least 1.</param>
    public Fft(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        Length = length;
        _scratch = new Complex[length];
        _radices = Factor(length) ?? [];
        if (_radices.Length == 0 && length > 1)
        {
            _bluestein = new Bluestein(length);
            _permutation = [];
            _stageTwiddles = [];
            return;
        }

        _permutation = BuildPermutation(length, _radices);
        _stageTwiddles = BuildTwiddles(length, _radices);
    }

    /// <summary>The transform length n.</summary>
    public int Length { get; }

    /// <summary>True when the length has a factor other than 2, 3 and 5 (Bluestein path).</summary>
    public bool UsesBluestein => _bluestein != null;

    /// <summary>In-place forward transform of <paramref name="data"/> (length n).</summary>
    public void Forward(Span<Complex> data)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(data.Length, Length, nameof(data));
        if (_bluestein != null)
        {
            _bluestein.Forward(data);
            return;
        }

        for (var i = 0; i < Length; i++)
        {
            _scratch[i] = data[_permutation[i]];
        }

        var span = 1;
        for (var s = 0; s < _radices.Length; s++)
        {
            Stage(_scratch, _radices[s], span, _stageTwiddles[s]);
            span *= _radices[s];
        }

        _scratch.CopyTo(data);
    }

    /// <summary>In-place inverse transform without the 1/n scale: conj(FFT(conj(x))).</summary>
    public void InverseUnscaled(Span<Complex> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Complex.Conjugate(data[i]);
        }

        Forward(data);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = Complex.Conjugate(data[i]);
        }
    }

    /// <summary>The O(n²) DFT in double, the definition the fast paths are tested against.</summary>
    public static void DftReference(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        var n = input.Length;
        for (var k = 0; k < n; k++)
        {
            var sum = Complex.Zero;
            for (var j = 0; j < n; j++)
            {
                var angle = -2 * Math.PI * ((long)j * k % n) / n;
                sum += input[j] * new Complex(Math.Cos(angle), Math.Sin(angle));
            }

            output[k] = sum;
        }
    }

    /// <summary>Radices in stage order (4s first, then 2, 3, 5), or null when another prime divides n.</summary>
    private static int[]? Factor(int n)
    {
        var radices = new List<int>();
        foreach (var r in (int[])[4, 2, 3, 5])
        {
            while (n % r == 0)
            {
                radices.Add(r);
                n /= r;
            }
        }

        return n == 1 ? [.. radices] : null;
    }

    /// <summary>Position i of the permuted input holds x[perm[i]]: the mixed-radix digit reversal.</summary>
    private static int[] BuildPermutation(int n, int[] radices)
    {
        var perm = new int[n];
        for (var i = 0; i < n; i++)
        {
            int pos = i, index = 0, multiplier = 1, size = n;
            for (var s = radices.Length - 1; s >= 0; s--)
            {
                var sub = size / radices[s];
                index += pos / sub * multiplier;
                pos %= sub;
                multiplier *= radices[s];
                size = sub;
            }

            perm[i] = index;
        }

        return perm;
    }

    private static Complex[][] BuildTwiddles(int n, int[] radices)
    {
        var result = new Complex[radices.Length][];
        var span = 1;
        for (var s = 0; s < radices.Length; s++)
        {
            var p = radices[s];
            var block = span * p;
            var tw = new Complex[span * (p - 1)];
            for (var j = 0; j < span; j++)
            {
                for (var r = 1; r < p; r++)
                {
                    var angle = -2 * Math.PI * (j * r % block) / block;
                    tw[(j * (p - 1)) + r - 1] = new Complex(Math.Cos(angle), Math.Sin(angle));
                }
            }

            result[s] = tw;
            span = block;
        }

        return result;
    }
}
