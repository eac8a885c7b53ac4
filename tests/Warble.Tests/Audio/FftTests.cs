using System.Numerics;
using Warble.Audio;

namespace Warble.Tests.Audio;

public sealed class FftTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        foreach (var n in Enumerable.Range(1, 64).Concat([81, 97, 100, 125, 127, 128, 200, 243, 256, 400, 512, 1000, 1021]))
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ComplexMatchesNaiveDft(int n)
    {
        var input = RandomComplex(n, n);
        var expected = new Complex[n];
        Fft.DftReference(input, expected);
        var actual = (Complex[])input.Clone();
        new Fft(n).Forward(actual);
        AssertClose(expected, actual, n);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void RealMatchesNaiveDft(int n)
    {
        var random = new Random(n);
        var real = Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        var expected = new Complex[n];
        Fft.DftReference(real.Select(x => new Complex(x, 0)).ToArray(), expected);
        var fft = new RealFft(n);
        var actual = new Complex[fft.Bins];
        fft.Forward(real, actual);
        AssertClose(expected.AsSpan(0, (n / 2) + 1).ToArray(), actual, n);
    }

    [Fact]
    public void PlanIsReusableAcrossCalls()
    {
        var fft = new Fft(400);
        var first = RandomComplex(400, 1);
        var again = (Complex[])first.Clone();
        fft.Forward(first);
        fft.Forward(RandomComplex(400, 2));
        fft.Forward(again);
        Assert.Equal(first, again);
    }

    [Fact]
    public void PrimeLengthsUseBluestein()
    {
        Assert.True(new Fft(97).UsesBluestein);
        Assert.False(new Fft(400).UsesBluestein);
    }

    private static Complex[] RandomComplex(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => new Complex((random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1)).ToArray();
    }

    private static void AssertClose(Complex[] expected, Complex[] actual, int n)
    {
        var tolerance = 1e-12 * n * Math.Max(1, Math.Log2(n));
        for (var k = 0; k < expected.Length; k++)
        {
            Assert.True(Complex.Abs(expected[k] - actual[k]) <= tolerance, $"n={n} bin {k}: {expected[k]} vs {actual[k]}");
        }
    }
}
