using System.Runtime.Intrinsics;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class FastExpTests
{
    /// <summary>Every width against Math.Exp on a dense grid of the range where e^x is a normal float.</summary>
    [Fact]
    public void ExpIsWithinTwoUlpsOnEveryWidth()
    {
        double worst = 0;
        for (float x = -87.3f; x <= 88f; x += 0.0137f)
        {
            double exact = Math.Exp(x);
            foreach (float e in Lanes(x))
            {
                worst = Math.Max(worst, Math.Abs(e - exact) / exact);
            }
        }

        Assert.True(worst < 2.5e-7, $"worst relative error {worst:E3}");
    }

    [Theory]
    [InlineData(-87.34f)]
    [InlineData(-100f)]
    [InlineData(-1e30f)]
    [InlineData(float.NegativeInfinity)]
    public void ExpFlushesUnderflowToExactZero(float x) => Assert.All(Lanes(x), e => Assert.Equal(0f, e));

    [Fact]
    public void ExpOfLargeInputsIsFiniteNotInfinite() => Assert.All(Lanes(1000f), e => Assert.True(e > 1.6e38f && float.IsFinite(e)));

    [Fact]
    public void SumOfExpMatchesADoubleSumOnEveryTail()
    {
        var rng = new Random(3);
        foreach (int n in Lengths().Append(51865))
        {
            Guarded x = Random(rng, n, 20f);
            if (n > 3)
            {
                x.Span[n / 2] = float.NegativeInfinity;
            }

            double expected = 0;
            foreach (float v in x.Span)
            {
                expected += Math.Exp(v - 5.0);
            }

            double actual = FastExp.SumOfExp(x.Span, 5f);
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * expected, $"n={n}: {actual} vs {expected}");
        }
    }

    /// <summary>A denormal result would make every product that reads it take a microcode assist.</summary>
    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void SigmoidAndSiluNeverReturnDenormals(string path)
    {
        float[] x = [.. Enumerable.Range(0, 4001).Select(i => -200f + (0.1f * i))];
        var sigmoid = new float[x.Length];
        var silu = new float[x.Length];
        Isa.Unary<SigmoidOperator>(path, x, sigmoid);
        Isa.Unary<SiluOperator>(path, x, silu);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.False(float.IsSubnormal(sigmoid[i]), $"σ({x[i]}) = {sigmoid[i]:E}");
            Assert.False(float.IsSubnormal(silu[i]), $"silu({x[i]}) = {silu[i]:E}");
        }
    }

    private static float[] Lanes(float x) =>
    [
        FastExp.Exp(Vector128.Create(x)).GetElement(3),
        FastExp.Exp(Vector256.Create(x)).GetElement(7),
        FastExp.Exp(Vector512.Create(x)).GetElement(15),
    ];
}
