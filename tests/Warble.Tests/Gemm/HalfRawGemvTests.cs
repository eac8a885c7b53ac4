using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Tests.Gemm;

/// <summary>The one-row f16 product that reads halves as raw bits (RowDecoders.F16Raw) and its fallbacks.</summary>
public sealed class HalfRawGemvTests
{
    private const int K = 100, N = 70;

    private static readonly ushort[] Specials = [0x0000, 0x8000, 0x0001, 0x83FF, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00];

    /// <summary>
    /// Zeros and subnormals (exponent 0) take the exact conversion with the unscaled activations, 16 values at a
    /// time; <paramref name="every"/> puts one in every so many weights, so that both paths meet in one row.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    [InlineData(5)]
    public void RawReadingEqualsTheGeneralKernelBitForBit(int every)
    {
        if (!GemmPaths.IsSupported(GemmPath.Vector512))
        {
            return;
        }

        const int m = 1;
        ushort[] halves = RandomHalves(N + 1);
        for (int i = every - 1; every > 0 && i < N * K; i += every)
        {
            halves[i] = Specials[i % 5];
        }

        Specials.CopyTo(halves, 3 * K);
        float[] a = GemmData.Random(m * K, 21);

        // The same rows plus one holding an infinity: that matrix is not all finite, so the general kernel runs.
        ushort[] withInfinity = (ushort[])halves.Clone();
        withInfinity[(N * K) + 5] = 0x7C00;
        float[] raw = Multiply(a, m, Matrix(halves, N), N);
        float[] general = Multiply(a, m, Matrix(withInfinity, N + 1), N + 1);
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < N; j++)
            {
                Assert.Equal(BitConverter.SingleToInt32Bits(general[(r * (N + 1)) + j]), BitConverter.SingleToInt32Bits(raw[(r * N) + j]));
            }

            Assert.False(float.IsFinite(general[(r * (N + 1)) + N]));
        }
    }

    [Theory]
    [InlineData(0x7C00, 1f)]
    [InlineData(0xFE00, 1f)]
    [InlineData(0x3C00, 70000f)]
    public void InfinitiesNaNsAndLargeActivationsMatchTheReference(int special, float activationScale)
    {
        ushort[] halves = RandomHalves(N);
        halves[(7 * K) + 9] = (ushort)special;
        float[] a = [.. GemmData.Random(K, 22).Select(x => x * activationScale)];
        WeightMatrix w = Matrix(halves, N);
        var expected = new float[N];
        MatMul.MultiplyTransposedReference(a, 1, w, expected);
        float[] actual = Multiply(a, 1, w, N);
        for (int j = 0; j < N; j++)
        {
            if (float.IsFinite(expected[j]))
            {
                Assert.Equal(expected[j], actual[j], Math.Abs(expected[j] * 1e-5f) + 1e-3f);
            }
            else
            {
                Assert.Equal(expected[j], actual[j]);
            }
        }
    }

    private static float[] Multiply(float[] a, int m, WeightMatrix w, int n)
    {
        var c = new float[m * n];
        using var pool = new WorkerPool(2);
        MatMul.MultiplyTransposed(a, K, m, w, c, n, default, accumulate: false, new GemmSettings(GemmPaths.Best, pool));
        return c;
    }

    private static WeightMatrix Matrix(ushort[] halves, int rows)
    {
        var bytes = new byte[rows * K * 2];
        Buffer.BlockCopy(halves, 0, bytes, 0, bytes.Length);
        return new WeightMatrix(DType.F16, bytes, rows, K);
    }

    private static ushort[] RandomHalves(int rows) =>
        [.. GemmData.Random(rows * K, 20).Select(x => BitConverter.HalfToUInt16Bits((Half)x))];
}
