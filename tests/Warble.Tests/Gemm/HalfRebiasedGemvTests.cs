using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Tests.Gemm;

/// <summary>
/// The one-row f16 product that rebiases normal halves in three integer operations (RowDecoders.F16Rebiased), its
/// corrections for zeros and subnormals (HalfProfile), and its fallbacks, on each path that streams rows (Vector512 and
/// Vector256, as this machine supports them).
/// </summary>
public sealed class HalfRebiasedGemvTests
{
    private const int K = 100, N = 70;

    private static readonly ushort[] Specials = [0x0000, 0x8000, 0x0001, 0x83FF, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00];

    private static readonly ushort[] ZeroExponents = [0x0001, 0x83FF, 0x03FF, 0x8200, 0x0155, 0x0000, 0x8000];

    private static readonly GemmPath[] StreamingPaths =
        [.. new[] { GemmPath.Vector512, GemmPath.Vector256 }.Where(GemmPaths.IsSupported)];

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void WithoutZerosOrSubnormalsRebiasingEqualsTheGeneralKernelBitForBit(int m)
    {
        ushort[] halves = [.. RandomHalves(N + 1).Select(h => (h & 0x7C00) == 0 ? (ushort)0x3C00 : h)];
        halves[(3 * K) + 7] = 0x7BFF;
        halves[(3 * K) + 8] = 0xFBFF;
        halves[(3 * K) + 9] = 0x0400;
        halves[(3 * K) + 10] = 0x8400;
        Assert.Empty(new WeightMatrix(DType.F16, Bytes(halves, N), N, K).HalfProfile!.ZeroExponentColumns);
        float[] a = GemmData.Random(m * K, 21);

        // The same rows plus one holding an infinity: that matrix is not all finite, so the general kernel runs.
        ushort[] withInfinity = (ushort[])halves.Clone();
        withInfinity[(N * K) + 5] = 0x7C00;
        foreach (GemmPath path in StreamingPaths)
        {
            float[] rebiased = Multiply(path, a, m, Matrix(halves, N), N);
            float[] general = Multiply(path, a, m, Matrix(withInfinity, N + 1), N + 1);
            for (int r = 0; r < m; r++)
            {
                for (int j = 0; j < N; j++)
                {
                    Assert.Equal(BitConverter.SingleToInt32Bits(general[(r * (N + 1)) + j]), BitConverter.SingleToInt32Bits(rebiased[(r * N) + j]));
                }

                Assert.False(float.IsFinite(general[(r * (N + 1)) + N]));
            }
        }
    }

    /// <summary>
    /// Zeros and subnormals come out of the vector loop 2⁻¹⁵·(1 + m/2¹⁰) off and are put right from the matrix's
    /// list: one in every <paramref name="every"/> weights (one in 5 is past the share that takes the general kernel),
    /// and a row whose first 64 weights are nothing else.
    /// </summary>
    /// <summary>
    /// Exact sums with zeros, subnormals and the extremes of the normal range, for one row of A and several; K a multiple
    /// of 32 gives two to eight rows of A on Vector512 the column-pair lane order (RowDecoders.F16RebiasedPairs).
    /// </summary>
    [Theory]
    [InlineData(1000, 1, K)]
    [InlineData(400, 1, K)]
    [InlineData(5, 1, K)]
    [InlineData(400, 5, K)]
    [InlineData(1000, 8, K)]
    [InlineData(400, 2, K)]
    [InlineData(400, 7, K)]
    [InlineData(400, 2, 128)]
    [InlineData(300, 5, 96)]
    [InlineData(400, 8, 128)]
    [InlineData(1000, 7, 640)]
    public void ZerosAndSubnormalsAreCountedExactly(int every, int m, int k)
    {
        ushort[] halves = RandomHalves(N, k);
        for (int i = every - 1; i < N * k; i += every)
        {
            halves[i] = ZeroExponents[i % ZeroExponents.Length];
        }

        for (int p = 0; p < 64; p++)
        {
            halves[(5 * k) + p] = ZeroExponents[p % ZeroExponents.Length];
        }

        Specials.CopyTo(halves, 3 * k);
        WeightMatrix w = Matrix(halves, N, k);
        HalfProfile profile = w.HalfProfile!;
        Assert.True(profile.AllFinite);
        Assert.Equal(every > 5, profile.SuitsRebiasing);
        if (profile.SuitsRebiasing)
        {
            Assert.Equal(halves.Count(h => (h & 0x7C00) == 0), profile.ZeroExponentColumns.Length);
        }

        float[] a = GemmData.Random(m * k, 23);
        foreach (GemmPath path in StreamingPaths)
        {
            ExpectExactSums(halves, a, m, Multiply(path, a, m, w, N), path, k);
        }
    }

    /// <summary>
    /// The corrections for several rows of A at once (from A's columns) add each row's entries in the one-row order, so a
    /// row of a batch keeps its bits whatever rows come with it, as the vector part does.
    /// </summary>
    [Fact]
    public void CorrectedRowsKeepTheirBitsWhateverTheRowCount()
    {
        ushort[] halves = RandomHalves(N);
        for (int i = 13; i < N * K; i += 300)
        {
            halves[i] = ZeroExponents[i % ZeroExponents.Length];
        }

        WeightMatrix w = Matrix(halves, N);
        Assert.True(w.HalfProfile!.SuitsRebiasing);
        float[] a = GemmData.Random(8 * K, 24);
        foreach (GemmPath path in StreamingPaths)
        {
            float[] all = Multiply(path, a, 8, w, N);
            for (int m = 2; m < 8; m++)
            {
                float[] some = Multiply(path, a[((8 - m) * K)..], m, w, N);
                Assert.True(all.AsSpan((8 - m) * N).SequenceEqual(some), $"{path}: rows {8 - m}..7 of 8 as a product of {m}");
            }
        }
    }

    private static void ExpectExactSums(ushort[] halves, float[] a, int m, float[] actual, GemmPath path, int k = K)
    {
        for (int r = 0; r < m; r++)
        {
            for (int j = 0; j < N; j++)
            {
                double exact = 0, magnitude = 0;
                for (int p = 0; p < k; p++)
                {
                    double product = (double)(float)BitConverter.UInt16BitsToHalf(halves[(j * k) + p]) * a[(r * k) + p];
                    exact += product;
                    magnitude += Math.Abs(product);
                }

                float got = actual[(r * N) + j];
                Assert.True(Math.Abs(got - exact) <= (magnitude * 1e-6) + 1e-30, $"{path}, row {r}, column {j}: {got} against {exact}");
            }

            Assert.NotEqual(0f, actual[(r * N) + 5]);
        }
    }

    [Fact]
    public void ProfileStopsAtTheFirstInfinityOrNaN()
    {
        ushort[] halves = RandomHalves(N);
        halves[17] = 0x0001;
        halves[(N * K) - 1] = 0xFE00;
        HalfProfile profile = new WeightMatrix(DType.F16, Bytes(halves, N), N, K).HalfProfile!;
        Assert.False(profile.AllFinite);
        Assert.Null(new WeightMatrix(DType.F32, new byte[N * K * 4], N, K).HalfProfile);
    }

    /// <summary>A matrix of zeros stops listing early and still finds an infinity past that point.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACrowdedMatrixIsNotListed(bool infinityAtTheEnd)
    {
        var halves = new ushort[N * K];
        halves[(N * K) - 1] = infinityAtTheEnd ? (ushort)0x7C00 : (ushort)0x3C00;
        HalfProfile profile = new WeightMatrix(DType.F16, Bytes(halves, N), N, K).HalfProfile!;
        Assert.Equal(!infinityAtTheEnd, profile.AllFinite);
        Assert.False(profile.SuitsRebiasing);
        Assert.Empty(profile.ZeroExponentColumns);
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
        foreach (GemmPath path in StreamingPaths)
        {
            float[] actual = Multiply(path, a, 1, w, N);
            for (int j = 0; j < N; j++)
            {
                if (float.IsFinite(expected[j]))
                {
                    // Within float rounding of the products' magnitude: 70000-fold activations make products near
                    // 10⁵ that cancel to about 10³, and each path adds them in its own order.
                    double magnitude = Enumerable.Range(0, K).Sum(p => Math.Abs((double)(float)BitConverter.UInt16BitsToHalf(halves[(j * K) + p]) * a[p]));
                    Assert.True(Math.Abs(actual[j] - expected[j]) <= (magnitude * 1e-6) + 1e-3, $"{path}, column {j}: {actual[j]} against {expected[j]}");
                }
                else
                {
                    Assert.Equal(expected[j], actual[j]);
                }
            }
        }
    }

    private static float[] Multiply(GemmPath path, float[] a, int m, WeightMatrix w, int n)
    {
        var c = new float[m * n];
        using var pool = new WorkerPool(2);
        MatMul.MultiplyTransposed(a, w.Columns, m, w, c, n, default, accumulate: false, new GemmSettings(path, pool));
        return c;
    }

    private static WeightMatrix Matrix(ushort[] halves, int rows, int k = K) => new(DType.F16, Bytes(halves, rows, k), rows, k);

    private static byte[] Bytes(ushort[] halves, int rows, int k = K)
    {
        var bytes = new byte[rows * k * 2];
        Buffer.BlockCopy(halves, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    private static ushort[] RandomHalves(int rows, int k = K) =>
        [.. GemmData.Random(rows * k, 20).Select(x => BitConverter.HalfToUInt16Bits((Half)x))];
}
