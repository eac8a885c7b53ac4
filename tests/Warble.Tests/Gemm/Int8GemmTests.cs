using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;
using Warble.Tensors.Simd;

namespace Warble.Tests.Gemm;

/// <summary>
/// The int8 product (<see cref="Int8Gemm"/>) against a scalar twin that quantises the same way and sums in 64-bit
/// integers (NMSE below 1e-10: only the float scaling differs), and against the f32 product (NMSE below 1e-4 on
/// values uniform in ±1: per-row int8 steps of 1/127 of the row's range). Without AVX-VNNI the products stay f32,
/// bit for bit; <see cref="Kernels.FeatureTestRunnerTests"/> runs <see cref="FallsBackToF32OrStaysClose"/> so.
/// </summary>
public sealed class Int8GemmTests
{
    private static readonly WorkerPool Serial = new(1);
    private static readonly WorkerPool Pair = new(2);

    /// <summary>(m, k, n): partial row tiles and weight panels, k not a multiple of 4, several column chunks.</summary>
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (9, 1, 1), (17, 7, 33), (16, 33, 17), (33, 64, 200), (100, 384, 100), (61, 130, 1001), (200, 1024, 64),
    ];

    [Fact]
    public void MatchesScalarTwin()
    {
        if (!VnniOps.IsSupported)
        {
            return;
        }

        foreach ((int m, int k, int n) in Shapes)
        {
            foreach (DType type in new[] { DType.F32, DType.F16, DType.Q8_0 })
            {
                int depth = type == DType.Q8_0 ? (k + 31) / 32 * 32 : k;
                float[] a = GemmData.Random(m * depth, 1);
                WeightMatrix w = GemmData.Weights(type, n, depth, 2);
                float[] bias = GemmData.Random(n, 3);
                float[] expected = Twin(a, m, depth, w, bias);
                foreach (WorkerPool pool in new[] { Serial, Pair })
                {
                    float[] c = Product(a, m, w, bias, pool, ComputePrecision.Int8);
                    Assert.True(GemmData.Nmse(c, expected) < 1e-10, $"{type} {m}×{depth}×{n} threads {pool.ThreadCount}: {GemmData.Nmse(c, expected)}");
                }
            }
        }
    }

    [Fact]
    public void FallsBackToF32OrStaysClose()
    {
        foreach ((int m, int k, int n) in Shapes)
        {
            float[] a = GemmData.Random(m * k, 4);
            WeightMatrix w = GemmData.Weights(DType.F32, n, k, 5);
            float[] exact = Product(a, m, w, [], Pair, ComputePrecision.F32);
            float[] int8 = Product(a, m, w, [], Pair, ComputePrecision.Int8);
            if (VnniOps.IsSupported)
            {
                Assert.True(GemmData.Nmse(int8, exact) < 1e-4, $"{m}×{k}×{n}: {GemmData.Nmse(int8, exact)}");
            }
            else
            {
                Assert.Equal(exact, int8);
            }
        }
    }

    [Fact]
    public void StridesAccumulationAndActivationAsTheF32Path()
    {
        const int m = 50, k = 96, n = 40, lda = 100, ldc = 45;
        float[] a = GemmData.Random(m * lda, 6);
        WeightMatrix w = GemmData.Weights(DType.F16, n, k, 7);
        float[] bias = GemmData.Random(n, 8);
        float[] start = GemmData.Random(m * ldc, 9);
        float[] exact = (float[])start.Clone(), int8 = (float[])start.Clone();
        foreach ((ComputePrecision precision, float[] c) in new[] { (ComputePrecision.F32, exact), (ComputePrecision.Int8, int8) })
        {
            using Int8Compute.Scope scope = Int8Compute.Use(precision);
            using Int8Compute.Scope region = Int8Compute.Region();
            MatMul.MultiplyTransposed(a, lda, m, w, c, ldc, bias, accumulate: true, new GemmSettings(GemmPaths.Best, Pair), Activation.Gelu);
        }

        Assert.True(GemmData.Nmse(int8, exact) < 1e-4, $"{GemmData.Nmse(int8, exact)}");
        for (int i = 0; i < m; i++)
        {
            Assert.Equal(start.AsSpan((i * ldc) + n, ldc - n), int8.AsSpan((i * ldc) + n, ldc - n));
        }
    }

    private static float[] Product(float[] a, int m, WeightMatrix w, float[] bias, WorkerPool pool, ComputePrecision precision)
    {
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        using Int8Compute.Scope region = Int8Compute.Region();
        var c = new float[m * w.Rows];
        MatMul.MultiplyTransposed(a, w.Columns, m, w, c, w.Rows, bias, accumulate: false, new GemmSettings(GemmPaths.Best, pool));
        return c;
    }

    /// <summary>The int8 product in scalar code: the same quantisation of both sides, exact integer sums.</summary>
    private static float[] Twin(float[] a, int m, int k, WeightMatrix w, float[] bias)
    {
        Int8Weights q = Int8Weights.Quantize(w);
        var c = new float[m * w.Rows];
        for (int i = 0; i < m; i++)
        {
            float max = 0;
            for (int p = 0; p < k; p++)
            {
                max = Math.Max(max, Math.Abs(a[(i * k) + p]));
            }

            float inverse = max > 0 ? 127f / max : 0;
            for (int j = 0; j < w.Rows; j++)
            {
                long sum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += (long)MathF.Round(a[(i * k) + p] * inverse) * q.Value(j, p);
                }

                c[(i * w.Rows) + j] = (float)(sum * (double)(max / 127f) * q.Scale(j)) + bias[j];
            }
        }

        return c;
    }
}
