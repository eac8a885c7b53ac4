using System.Numerics;

namespace Warble.Audio;

/// <summary>The small forward DFTs (lengths 2, 3, 4 and 5) that the mixed-radix <see cref="Fft"/> stages combine.</summary>
internal static class Butterflies
{
    private static readonly double Sin60 = Math.Sqrt(3) / 2;
    private static readonly Complex W5 = Complex.FromPolarCoordinates(1, -2 * Math.PI / 5);
    private static readonly Complex W5Squared = W5 * W5;

    /// <summary>In-place DFT of v (length 2 to 5).</summary>
    public static void Apply(Span<Complex> v)
    {
        switch (v.Length)
        {
            case 2:
                (v[0], v[1]) = (v[0] + v[1], v[0] - v[1]);
                break;
            case 3:
                Radix3(v);
                break;
            case 4:
                Radix4(v);
                break;
            default:
                Radix5(v);
                break;
        }
    }

    private static void Radix3(Span<Complex> v)
    {
        var t1 = v[1] + v[2];
        var t2 = v[0] - (0.5 * t1);
        var d = v[1] - v[2];
        var t3 = new Complex(Sin60 * d.Imaginary, -Sin60 * d.Real);
        v[0] += t1;
        v[1] = t2 + t3;
        v[2] = t2 - t3;
    }

    private static void Radix4(Span<Complex> v)
    {
        var s02 = v[0] + v[2];
        var d02 = v[0] - v[2];
        var s13 = v[1] + v[3];
        var d13 = v[1] - v[3];
        var minusId13 = new Complex(d13.Imaginary, -d13.Real);
        v[0] = s02 + s13;
        v[1] = d02 + minusId13;
        v[2] = s02 - s13;
        v[3] = d02 - minusId13;
    }

    /// <summary>Radix 5 by symmetry: pairs (1,4) and (2,3) share cosines, their differences share sines.</summary>
    private static void Radix5(Span<Complex> v)
    {
        var s14 = v[1] + v[4];
        var d14 = v[1] - v[4];
        var s23 = v[2] + v[3];
        var d23 = v[2] - v[3];
        var c1 = W5.Real;
        var c2 = W5Squared.Real;
        var si1 = W5.Imaginary;
        var si2 = W5Squared.Imaginary;
        var a1 = v[0] + (c1 * s14) + (c2 * s23);
        var a2 = v[0] + (c2 * s14) + (c1 * s23);
        var b1 = (si1 * d14) + (si2 * d23);
        var b2 = (si2 * d14) - (si1 * d23);
        var ib1 = new Complex(-b1.Imaginary, b1.Real);
        var ib2 = new Complex(-b2.Imaginary, b2.Real);
        v[0] += s14 + s23;
        v[1] = a1 + ib1;
        v[4] = a1 - ib1;
        v[2] = a2 + ib2;
        v[3] = a2 - ib2;
    }
}
