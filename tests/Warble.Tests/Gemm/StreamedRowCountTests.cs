using System.Runtime.Intrinsics;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;
using Warble.Tensors.Simd;

namespace Warble.Tests.Gemm;

/// <summary>
/// The streamed products of two to eight rows of A (Gemv.MultiRow512 and its pair passes for seven and eight rows,
/// Gemv.MultiRow256) give each row the same bits whatever rows come with it, so a batch of decoders gets the same
/// logits whichever of its sequences are still running.
/// </summary>
public sealed class StreamedRowCountTests
{
    private static readonly GemmPath[] StreamingPaths =
        [.. new[] { GemmPath.Vector512, GemmPath.Vector256 }.Where(GemmPaths.IsSupported)];

    private static readonly WorkerPool Pair = new(2);

    [Theory]
    [InlineData("f32", 640, 70)]
    [InlineData("f16", 640, 70)]
    [InlineData("f16", 100, 33)]
    [InlineData("bf16", 100, 70)]
    public void EachRowHasTheSameBitsWhateverTheRowCount(string typeName, int k, int n)
    {
        Assert.True(DTypeInfo.TryParse(typeName, out DType type));
        WeightMatrix weights = GemmData.Weights(type, n, k, 31);
        float[] a = GemmData.Random(Gemv.MaxStreamedRows * k, 32);
        foreach (GemmPath path in StreamingPaths)
        {
            var settings = new GemmSettings(path, Pair);
            var all = new float[Gemv.MaxStreamedRows * n];
            MatMul.MultiplyTransposed(a, k, Gemv.MaxStreamedRows, weights, all, n, default, accumulate: false, settings);
            for (int m = 2; m < Gemv.MaxStreamedRows; m++)
            {
                // The last m rows, so each row sits at another position than in the eight-row product.
                int first = Gemv.MaxStreamedRows - m;
                var some = new float[m * n];
                MatMul.MultiplyTransposed(a.AsSpan(first * k), k, m, weights, some, n, default, accumulate: false, settings);
                Assert.True(all.AsSpan(first * n).SequenceEqual(some), $"{path} {type} rows {first}..7 of 8 as a product of {m}");
            }
        }
    }

    [Fact]
    public void Sum4AddsEachVectorInVector512SumsOrder()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            Vector512<float>[] v = [.. Enumerable.Range(0, 4).Select(_ => Vector512.Create([.. Enumerable.Range(0, 16).Select(_ => (float)(random.NextDouble() - 0.5) * MathF.Pow(2, random.Next(-20, 20)))]))];
            Vector128<float> sums = Vector512Ops.Sum4(v[0], v[1], v[2], v[3]);
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(Vector512.Sum(v[i])), BitConverter.SingleToInt32Bits(sums[i]));
            }
        }
    }

    /// <summary>Adding the transpose of an 8×8 block to C's rows (the zero-exponent corrections) touches exactly the first rows asked for.</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(5)]
    [InlineData(1)]
    public unsafe void TransposeAddAddsColumnIOfTheBlockToRowI(int rows)
    {
        var random = new Random(rows);
        Vector256<float>[] block = [.. Enumerable.Range(0, 8).Select(_ => Vector256.Create([.. Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble())]))];
        const int Ldd = 11;
        float[] d = [.. Enumerable.Range(0, 8 * Ldd).Select(i => (float)i)];
        float[] expected = [.. d];
        for (int i = 0; i < rows; i++)
        {
            for (int t = 0; t < 8; t++)
            {
                expected[(i * Ldd) + t] += block[t][i];
            }
        }

        fixed (float* p = d)
        {
            Vector256Ops.TransposeAdd(block[0], block[1], block[2], block[3], block[4], block[5], block[6], block[7], p, Ldd, rows);
        }

        Assert.Equal(expected, d);
    }
}
