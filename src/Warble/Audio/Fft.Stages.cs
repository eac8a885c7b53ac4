using System.Numerics;

namespace Warble.Audio;

/// <summary>
/// The radix-2, 3, 4 and 5 decimation-in-time stages. Each combines, in every block of span·p values,
/// p sub-transforms of length span: element r of group j is multiplied by the twiddle W_{span·p}^{jr},
/// then a p-point DFT is taken (forward sign).
/// </summary>
internal sealed partial class Fft
{
    private static readonly double Sin60 = Math.Sqrt(3) / 2;
    private static readonly double Cos72 = Math.Cos(2 * Math.PI / 5);
    private static readonly double Cos144 = Math.Cos(4 * Math.PI / 5);
    private static readonly double Sin72 = -Math.Sin(2 * Math.PI / 5);
    private static readonly double Sin144 = -Math.Sin(4 * Math.PI / 5);

    private static void Stage(Complex[] a, int p, int span, Complex[] twiddles)
    {
        switch (p)
        {
            case 2:
                Stage2(a, span, twiddles);
                break;
            case 3:
                Stage3(a, span, twiddles);
                break;
            case 4:
                Stage4(a, span, twiddles);
                break;
            default:
                Stage5(a, span, twiddles);
                break;
        }
    }

    private static void Stage2(Complex[] a, int span, Complex[] tw)
    {
        for (var b = 0; b < a.Length; b += 2 * span)
        {
            for (var j = 0; j < span; j++)
            {
                var i0 = b + j;
                var x0 = a[i0];
                var x1 = a[i0 + span] * tw[j];
                a[i0] = x0 + x1;
                a[i0 + span] = x0 - x1;
            }
        }
    }

    private static void Stage3(Complex[] a, int span, Complex[] tw)
    {
        for (var b = 0; b < a.Length; b += 3 * span)
        {
            for (var j = 0; j < span; j++)
            {
                var i0 = b + j;
                var x0 = a[i0];
                var x1 = a[i0 + span] * tw[2 * j];
                var x2 = a[i0 + (2 * span)] * tw[(2 * j) + 1];
                var t1 = x1 + x2;
                var t2 = x0 - (0.5 * t1);
                var d = x1 - x2;
                var t3 = new Complex(Sin60 * d.Imaginary, -Sin60 * d.Real);
                a[i0] = x0 + t1;
                a[i0 + span] = t2 + t3;
                a[i0 + (2 * span)] = t2 - t3;
            }
        }
    }

    private static void Stage4(Complex[] a, int span, Complex[] tw)
    {
        for (var b = 0; b < a.Length; b += 4 * span)
        {
            for (var j = 0; j < span; j++)
            {
                var i0 = b + j;
                var x0 = a[i0];
                var x1 = a[i0 + span] * tw[3 * j];
                var x2 = a[i0 + (2 * span)] * tw[(3 * j) + 1];
                var x3 = a[i0 + (3 * span)] * tw[(3 * j) + 2];
                var s02 = x0 + x2;
                var d02 = x0 - x2;
                var s13 = x1 + x3;
                var d13 = x1 - x3;
                var minusId13 = new Complex(d13.Imaginary, -d13.Real);
                a[i0] = s02 + s13;
                a[i0 + span] = d02 + minusId13;
                a[i0 + (2 * span)] = s02 - s13;
                a[i0 + (3 * span)] = d02 - minusId13;
            }
        }
    }

    /// <summary>Radix 5 by symmetry: pairs (1,4) and (2,3) share cosines, their differences share sines.</summary>
    private static void Stage5(Complex[] a, int span, Complex[] tw)
    {
        for (var b = 0; b < a.Length; b += 5 * span)
        {
            for (var j = 0; j < span; j++)
            {
                var i0 = b + j;
                var x0 = a[i0];
                var x1 = a[i0 + span] * tw[4 * j];
                var x2 = a[i0 + (2 * span)] * tw[(4 * j) + 1];
                var x3 = a[i0 + (3 * span)] * tw[(4 * j) + 2];
                var x4 = a[i0 + (4 * span)] * tw[(4 * j) + 3];
                var s14 = x1 + x4;
                var d14 = x1 - x4;
                var s23 = x2 + x3;
                var d23 = x2 - x3;
                var a1 = x0 + (Cos72 * s14) + (Cos144 * s23);
                var a2 = x0 + (Cos144 * s14) + (Cos72 * s23);
                var b1 = (Sin72 * d14) + (Sin144 * d23);
                var b2 = (Sin144 * d14) - (Sin72 * d23);
                var ib1 = new Complex(-b1.Imaginary, b1.Real);
                var ib2 = new Complex(-b2.Imaginary, b2.Real);
                a[i0] = x0 + s14 + s23;
                a[i0 + span] = a1 + ib1;
                a[i0 + (4 * span)] = a1 - ib1;
                a[i0 + (2 * span)] = a2 + ib2;
                a[i0 + (3 * span)] = a2 - ib2;
            }
        }
    }
}
