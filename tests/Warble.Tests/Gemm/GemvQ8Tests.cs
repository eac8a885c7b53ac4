using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;
using Warble.Tensors.Quantization;

namespace Warble.Tests.Gemm;

/// <summary>Decode-time products with q8_0 weights: A is quantised to q8_0 and each row dot is taken in integers.</summary>
public sealed class GemvQ8Tests
{
    private const double Tolerance = 1e-10;

    private static readonly WorkerPool Pair = new(2);

    public static TheoryData<string> Paths() => [.. GemmPaths.Supported.Select(p => p.ToString())];

    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryBlockCountMatchesTheScalarDot(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        const int n = 37;
        foreach (int blocks in Enumerable.Range(0, 11).Append(48))
        {
            int k = blocks * Q8_0.BlockValues;
            WeightMatrix b = GemmData.Weights(DType.Q8_0, n, k, blocks);
            for (int m = 1; m <= Gemv.MaxRows; m++)
            {
                float[] a = GemmData.Random(m * k, 100 + blocks);
                AssertMatchesScalarDot(path, a, m, b);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ExtremeWeightBytesMatchTheScalarDot(string pathName)
    {
        // Every byte value including -128 (which q8_0 files may hold though ggml's quantiser never writes it),
        // with activations at full scale, so 16-bit pair sums come closest to saturating.
        const int n = 9, k = 256;
        var random = new Random(5);
        byte[] bytes = new byte[n * DType.Q8_0.ByteCount(k)];
        random.NextBytes(bytes);
        for (int blockStart = 0; blockStart < bytes.Length; blockStart += Q8_0.BlockBytes)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(blockStart), (Half)(random.NextSingle() + 0.01f));
        }

        var b = new WeightMatrix(DType.Q8_0, bytes, n, k);
        float[] a = [.. Enumerable.Range(0, 2 * k).Select(i => i % 3 == 0 ? -1f : 1f)];
        AssertMatchesScalarDot(Enum.Parse<GemmPath>(pathName), a, 2, b);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void BlockScalesOfEveryKindStreamAsDequantised(string pathName)
    {
        // Five rows of A stream the blocks as floats q·d: scales that are normal, subnormal (a block of weights below
        // 0.008), zero and negative, each row's blocks in turn, against the product of the dequantised rows.
        const int m = 5, n = 7, k = 128;
        ushort[] scaleBits = [0x3C00, 0x0001, 0x03FF, 0x0000, 0x8000, 0x8200, 0x1400, 0xC100, 0x0400, 0x7BFF, 0x2E66];
        var random = new Random(11);
        byte[] bytes = new byte[n * DType.Q8_0.ByteCount(k)];
        random.NextBytes(bytes);
        for (int block = 0; block * Q8_0.BlockBytes < bytes.Length; block++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(block * Q8_0.BlockBytes), scaleBits[block % scaleBits.Length]);
        }

        var b = new WeightMatrix(DType.Q8_0, bytes, n, k);
        var dequantized = new float[n * k];
        for (int j = 0; j < n; j++)
        {
            b.DequantizeRow(j, dequantized.AsSpan(j * k, k));
        }

        Assert.Contains(dequantized, v => v != 0 && Math.Abs(v) < 1e-6f);
        float[] a = GemmData.Random(m * k, 12);
        var expected = new float[m * n];
        MatMul.MultiplyTransposedReference(a, m, WeightMatrix.FromFloats(dequantized, n, k), expected);
        var c = new float[m * n];
        MatMul.MultiplyTransposed(a, k, m, b, c, n, default, accumulate: false, new GemmSettings(Enum.Parse<GemmPath>(pathName), Pair));
        for (int i = 0; i < c.Length; i++)
        {
            // Within the float rounding of summing these products in another order; a scale decoded wrongly is off
            // by its block's share of the magnitude.
            int r = i / n, j = i % n;
            double magnitude = Enumerable.Range(0, k).Sum(p => Math.Abs((double)a[(r * k) + p] * dequantized[(j * k) + p]));
            Assert.True(Math.Abs(c[i] - expected[i]) <= magnitude * 1e-6, $"{pathName} output {i}: {c[i]} against {expected[i]}");
        }
    }

    [Fact]
    public void QuantisedActivationsStayCloseToTheFloatProduct()
    {
        const int m = 1, k = 1024, n = 64;
        float[] a = GemmData.Random(m * k, 7);
        WeightMatrix b = GemmData.Weights(DType.Q8_0, n, k, 8);
        var exact = new float[m * n];
        var c = new float[m * n];
        var dequantized = new float[n * k];
        for (int j = 0; j < n; j++)
        {
            b.DequantizeRow(j, dequantized.AsSpan(j * k, k));
        }

        MatMul.MultiplyTransposedReference(a, m, WeightMatrix.FromFloats(dequantized, n, k), exact);
        MatMul.MultiplyTransposed(a, m, b, c);
        Assert.True(GemmData.Nmse(c, exact) < 1e-4, $"NMSE {GemmData.Nmse(c, exact)}");
    }

    private static void AssertMatchesScalarDot(GemmPath path, float[] a, int m, WeightMatrix b)
    {
        int n = b.Rows, k = b.Columns, blocks = k / Q8_0.BlockValues, rowBytes = b.RowBytes;
        var expected = new float[m * n];
        var quantized = new byte[rowBytes];
        for (int r = 0; r < m; r++)
        {
            Q8_0.QuantizeReference(a.AsSpan(r * k, k), quantized);
            for (int j = 0; j < n; j++)
            {
                expected[(r * n) + j] = Gemv.DotQ8Q8Reference(b.Data.Span.Slice(j * rowBytes, rowBytes), quantized, blocks);
            }
        }

        foreach (WorkerPool pool in new[] { WorkerPool.Shared, Pair })
        {
            var c = new float[m * n];
            MatMul.MultiplyTransposed(a, k, m, b, c, n, default, accumulate: false, new GemmSettings(path, pool));
            Assert.True(GemmData.Nmse(c, expected) < Tolerance, $"{path} {m}×{k}×{n}: NMSE {GemmData.Nmse(c, expected)}");
        }
    }
}
