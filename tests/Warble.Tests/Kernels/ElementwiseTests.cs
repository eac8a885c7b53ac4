using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Warble.Tensors.Kernels;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class ElementwiseTests
{
    private delegate void Kernel(ReadOnlySpan<float> x, Span<float> destination);

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void GeluMatchesReferenceOnEveryPath(string path) =>
        CheckUnary<GeluOperator>(path, Gelu.Reference, scale: 8f, tolerance: 1.5e-6f);

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void SiluMatchesReferenceOnEveryPath(string path) =>
        CheckUnary<SiluOperator>(path, Silu.Reference, scale: 30f, tolerance: 2e-6f);

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void SigmoidMatchesReferenceOnEveryPath(string path) =>
        CheckUnary<SigmoidOperator>(path, Sigmoid.Reference, scale: 30f, tolerance: 1e-6f);

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void ReluMatchesReferenceOnEveryPath(string path) =>
        CheckUnary<ReluOperator>(path, Relu.Reference, scale: 5f, tolerance: 0f);

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void ErfIsWithinFourTenMillionths(string path) =>
        CheckUnary<ErfOperator>(path, ErfReference, scale: 6f, tolerance: VectorsFuse || path == Isa.Scalar ? 4e-7f : 6e-7f);

    /// <summary>
    /// Whether the vector paths' multiply-adds are fused here (x86 FMA or Arm's). Without it each rounds twice, and
    /// erf's polynomial near x = 3.4 lands 7 ulp (4.2e-7) off, just past the fused bound.
    /// </summary>
    private static bool VectorsFuse => Fma.IsSupported || AdvSimd.IsSupported;

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void UnaryDriverWorksInPlace(string path)
    {
        var rng = new Random(7);
        foreach (int n in Lengths())
        {
            Guarded x = Random(rng, n, 4f);
            var expected = new float[n];
            Gelu.Reference(x.Span, expected);
            Isa.Unary<GeluOperator>(path, x.Span, x.Span);
            Close(expected, x.Span, 1.5e-6f, $"in place, n={n}");
            x.CheckGuards($"n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void AddAndMulMatchOnEveryPath(string path)
    {
        var rng = new Random(11);
        foreach (int n in Lengths())
        {
            Guarded x = Random(rng, n, 3f), y = Random(rng, n, 3f), sum = new(n), product = new(n);
            Isa.Binary<AddOperator>(path, x.Span, y.Span, sum.Span);
            Isa.Binary<MultiplyOperator>(path, x.Span, y.Span, product.Span);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(x.Span[i] + y.Span[i], sum.Span[i]);
                Assert.Equal(x.Span[i] * y.Span[i], product.Span[i]);
            }

            sum.CheckGuards($"add n={n}");
            product.CheckGuards($"mul n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Isa.Paths), MemberType = typeof(Isa))]
    public void GluOperatorMatchesReferenceOnEveryPath(string path)
    {
        var rng = new Random(13);
        foreach (int n in Lengths(1))
        {
            Guarded x = Random(rng, 2 * n, 10f), actual = new(n);
            var expected = new float[n];
            Glu.Reference(x.Span, n, expected);
            Isa.Binary<GluOperator>(path, x.Span[..n], x.Span[n..], actual.Span);
            Close(expected, actual.Span, 2e-6f, $"n={n}");
            actual.CheckGuards($"n={n}");
        }
    }

    [Fact]
    public void GluSplitsEveryRow()
    {
        var rng = new Random(17);
        Guarded x = Random(rng, 5 * 2 * 37, 6f), actual = new(5 * 37);
        var expected = new float[5 * 37];
        Glu.Reference(x.Span, 37, expected);
        Glu.Apply(x.Span, 37, actual.Span);
        Close(expected, actual.Span, 2e-6f, "glu rows");
        actual.CheckGuards("glu rows");
        Assert.Throws<ArgumentException>(() => Glu.Apply(new float[7], 2, new float[4]));
    }

    [Fact]
    public void BroadcastsRowsAndScalars()
    {
        var rng = new Random(19);
        Guarded x = Random(rng, 4 * 33), row = Random(rng, 33), actual = new(4 * 33);
        var expected = new float[4 * 33];
        Add.ReferenceRows(x.Span, row.Span, expected);
        Add.ApplyRows(x.Span, row.Span, actual.Span);
        Close(expected, actual.Span, 0f, "add rows");
        Mul.ReferenceRows(x.Span, row.Span, expected);
        Mul.ApplyRows(x.Span, row.Span, actual.Span);
        Close(expected, actual.Span, 0f, "mul rows");
        Mul.Apply(x.Span, 0.5f, actual.Span);
        Mul.ReferenceRows(x.Span, [0.5f], expected);
        Close(expected, actual.Span, 0f, "mul scalar");
        Add.Apply(x.Span, 2f, actual.Span);
        Add.ReferenceRows(x.Span, [2f], expected);
        Close(expected, actual.Span, 0f, "add scalar");
        actual.CheckGuards("broadcast");
        Assert.Throws<ArgumentException>(() => Add.ApplyRows(new float[10], new float[3], new float[10]));
    }

    [Fact]
    public void PublicEntryPointsMatchReferences()
    {
        var rng = new Random(23);
        Guarded x = Random(rng, 1000, 10f);
        var expected = new float[1000];
        var actual = new float[1000];
        foreach ((Kernel apply, Kernel reference, float tolerance) in new (Kernel, Kernel, float)[]
        {
            (Gelu.Apply, Gelu.Reference, 1.5e-6f), (Silu.Apply, Silu.Reference, 2e-6f), (Relu.Apply, Relu.Reference, 0f),
            (Sigmoid.Apply, Sigmoid.Reference, 1e-6f), (Tanh.Apply, Tanh.Reference, 2e-6f),
        })
        {
            reference(x.Span, expected);
            apply(x.Span, actual);
            Close(expected, actual, tolerance, apply.Method.DeclaringType!.Name);
        }
    }

    [Fact]
    public void RejectsShortAndPartlyOverlappingDestinations()
    {
        var buffer = new float[40];
        Assert.Throws<ArgumentException>(() => Gelu.Apply(new float[10], new float[9]));
        Assert.Throws<ArgumentException>(() => Gelu.Apply(buffer.AsSpan(0, 20), buffer.AsSpan(1, 20)));
        Assert.Throws<ArgumentException>(() => Add.Apply(new float[10], new float[9], new float[10]));
    }

    [Fact]
    public void ErfReferenceMatchesKnownValues()
    {
        Assert.True(Math.Abs(0.8427007929497149 - Gelu.ErfReference(1)) < 1e-15);
        Assert.True(Math.Abs(-0.9953222650189527 - Gelu.ErfReference(-2)) < 1e-15);
        Assert.True(Math.Abs(0.9999779095030014 - Gelu.ErfReference(3)) < 1e-15);
        Assert.True(Math.Abs(0.0 - Gelu.ErfReference(0)) < 1e-15);
    }

    private static void ErfReference(ReadOnlySpan<float> x, Span<float> destination)
    {
        for (int i = 0; i < x.Length; i++)
        {
            destination[i] = (float)Gelu.ErfReference(x[i]);
        }
    }

    private static void CheckUnary<TOp>(string path, Kernel reference, float scale, float tolerance)
        where TOp : IUnaryOperator
    {
        var rng = new Random(3);
        foreach (int n in Lengths())
        {
            Guarded x = Random(rng, n, scale), actual = new(n);
            var expected = new float[n];
            reference(x.Span, expected);
            Isa.Unary<TOp>(path, x.Span, actual.Span);
            Close(expected, actual.Span, tolerance, $"{typeof(TOp).Name} {path} n={n}");
            actual.CheckGuards($"{typeof(TOp).Name} n={n}");
        }
    }
}
