using System.Collections.Concurrent;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Tests.Gemm;

public sealed class MatMulTests
{
    private const double Tolerance = 1e-10;

    private static readonly WorkerPool Serial = new(1);
    private static readonly WorkerPool Pair = new(2);

    /// <summary>(m, k, n): every GEMV row count, GEMM edges in every direction, several k-slices, Whisper's vocabulary width.</summary>
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 1, 1), (1, 7, 33), (2, 33, 7), (3, 64, 1500), (4, 384, 33), (5, 32, 7), (7, 33, 33),
        (33, 384, 100), (13, 384, 600), (33, 32, 1500), (100, 64, 97), (100, 7, 7), (1600, 7, 40),
        (40, 800, 70), (13, 777, 33), (6, 384, 1001), (8, 100, 70), (1, 64, 51865), (3, 32, 51865), (5, 384, 4099),
        (1, 48, 37), (1, 401, 9),
    ];

    /// <summary>Operands and reference results, shared by the paths so the slow reference runs once per case.</summary>
    private static readonly ConcurrentDictionary<(DType, int, int, int), (float[], WeightMatrix, float[], float[])> Cases = new();

    private static readonly ConcurrentDictionary<(int, int, int), (float[], float[], float[])> PlainCases = new();

    public static TheoryData<string, string> PathsAndTypes()
    {
        var data = new TheoryData<string, string>();
        foreach (GemmPath path in GemmPaths.Supported)
        {
            foreach (DType type in new[] { DType.F32, DType.F16, DType.BF16, DType.Q8_0 })
            {
                data.Add(path.ToString(), type.Name());
            }
        }

        return data;
    }

    public static TheoryData<string> Paths() => [.. GemmPaths.Supported.Select(p => p.ToString())];

    [Theory]
    [MemberData(nameof(PathsAndTypes))]
    public void MultiplyTransposedMatchesReference(string pathName, string typeName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        Assert.True(DTypeInfo.TryParse(typeName, out DType type));
        foreach ((int m, int k0, int n) in Shapes)
        {
            int k = type == DType.Q8_0 ? Math.Max(32, (k0 + 31) / 32 * 32) : k0;
            (float[] a, WeightMatrix b, float[] bias, float[] expected) = Cases.GetOrAdd((type, m, k, n), CreateCase);
            foreach (WorkerPool pool in new[] { Serial, Pair })
            {
                float[] c = Garbage(m * n);
                MatMul.MultiplyTransposed(a, k, m, b, c, n, bias, accumulate: false, new GemmSettings(path, pool));
                Assert.True(GemmData.Nmse(c, expected) < Tolerance, $"{path} {type} {m}×{k}×{n} threads {pool.ThreadCount}");
            }
        }
    }

    /// <summary>An output buffer full of NaN: a product that overwrites C must not read what was there.</summary>
    private static float[] Garbage(int length) => [.. Enumerable.Repeat(float.NaN, length)];

    private static (float[], WeightMatrix, float[], float[]) CreateCase((DType Type, int M, int K, int N) shape)
    {
        (DType type, int m, int k, int n) = shape;
        float[] a = GemmData.Random(m * k, 1);
        WeightMatrix b = GemmData.Weights(type, n, k, 2);
        float[] bias = (m + n) % 2 == 0 ? GemmData.Random(n, 3) : [];
        var expected = new float[m * n];
        MatMul.MultiplyTransposedReference(a, m, b, expected, bias);
        return (a, b, bias, expected);
    }

    private static (float[], float[], float[]) CreatePlainCase((int M, int K, int N) shape)
    {
        (int m, int k, int n) = shape;
        float[] a = GemmData.Random(m * k, 4), b = GemmData.Random(k * n, 5);
        var expected = new float[m * n];
        MatMul.MultiplyReference(a, m, k, b, n, expected);
        return (a, b, expected);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void MultiplyMatchesReference(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        foreach ((int m, int k, int n) in Shapes.Where(s => (long)s.M * s.N < 200_000))
        {
            (float[] a, float[] b, float[] expected) = PlainCases.GetOrAdd((m, k, n), CreatePlainCase);
            foreach (WorkerPool pool in new[] { Serial, Pair })
            {
                float[] c = Garbage(m * n);
                MatMul.Multiply(a, k, m, k, b, n, n, c, n, accumulate: false, new GemmSettings(path, pool));
                Assert.True(GemmData.Nmse(c, expected) < Tolerance, $"{path} {m}×{k}×{n} threads {pool.ThreadCount}");
            }
        }
    }

    [Theory]
    [InlineData(2, 64)]
    [InlineData(40, 64)]
    [InlineData(40, 800)]
    public void StridedAccumulateAddsToTheViewOnly(int m, int k)
    {
        const int n = 48, ldc = 56;
        int lda = k + 16;
        float[] a = GemmData.Random(m * lda, 6);
        WeightMatrix b = GemmData.Weights(DType.F16, n, k, 7);
        float[] bias = GemmData.Random(n, 8);
        float[] c = GemmData.Random(m * ldc, 9);
        float[] before = (float[])c.Clone();
        MatMul.MultiplyTransposed(a, lda, m, b, c, ldc, bias, accumulate: true, GemmSettings.Default);

        var dense = new float[m * k];
        for (int i = 0; i < m; i++)
        {
            a.AsSpan(i * lda, k).CopyTo(dense.AsSpan(i * k));
        }

        var product = new float[m * n];
        MatMul.MultiplyTransposedReference(dense, m, b, product, bias);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < ldc; j++)
            {
                float expected = before[(i * ldc) + j] + (j < n ? product[(i * n) + j] : 0);
                Assert.Equal(expected, c[(i * ldc) + j], 1e-4f);
            }
        }
    }

    [Fact]
    public void DefaultEntryPointsMatchReference()
    {
        float[] a = GemmData.Random(50 * 96, 10), bt = GemmData.Random(70 * 96, 11);
        var expected = new float[50 * 70];
        var c = new float[50 * 70];
        MatMul.MultiplyTransposedReference(a, 50, WeightMatrix.FromFloats(bt, 70, 96), expected);
        MatMul.MultiplyTransposed(a, 50, WeightMatrix.FromFloats(bt, 70, 96), c);
        Assert.True(GemmData.Nmse(c, expected) < Tolerance);
        MatMul.MultiplyReference(a, 50, 96, bt, 70, expected);
        MatMul.Multiply(a, 50, 96, bt, 70, c);
        Assert.True(GemmData.Nmse(c, expected) < Tolerance);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        WeightMatrix b = WeightMatrix.FromFloats(new float[8 * 4], 8, 4);
        Assert.Throws<ArgumentException>(() => MatMul.MultiplyTransposed(new float[7], 2, b, new float[16]));
        Assert.Throws<ArgumentException>(() => MatMul.MultiplyTransposed(new float[8], 2, b, new float[15]));
        Assert.Throws<ArgumentException>(() => MatMul.MultiplyTransposed(new float[8], 2, b, new float[16], new float[7]));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(new float[8], 2, 4, new float[31], 8, new float[16]));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(new float[8], 2, 4, new float[32], 8, new float[15]));
        Assert.Throws<ArgumentException>(() => MatMul.Multiply(new float[7], 2, 4, new float[32], 8, new float[16]));
    }
}
