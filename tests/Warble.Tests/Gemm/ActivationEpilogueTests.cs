using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using Warble.Tensors.Parallel;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Gemm;

/// <summary>A product with an activation equals the product followed by the activation's double-precision definition.</summary>
public sealed class ActivationEpilogueTests
{
    private static readonly WorkerPool Serial = new(1);
    private static readonly WorkerPool Pair = new(2);

    /// <summary>One-row and few-row products (GEMV), the serial and shared GEMM, edge tiles, several k-slices.</summary>
    private static readonly (int M, int K, int N)[] Shapes =
    [
        (1, 7, 33), (3, 64, 150), (5, 384, 97), (13, 777, 33), (40, 800, 70), (100, 64, 97), (33, 384, 100), (751, 96, 130),
    ];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (GemmPath path in GemmPaths.Supported)
        {
            foreach (DType type in new[] { DType.F32, DType.F16 })
            {
                foreach (Activation activation in new[] { Activation.Swish, Activation.Gelu })
                {
                    data.Add(path.ToString(), type.Name(), activation.ToString());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProductWithActivationMatchesProductThenActivation(string pathName, string typeName, string activationName)
    {
        (GemmPath path, DType type, Activation activation) = Parse(pathName, typeName, activationName);
        foreach ((int m, int k, int n) in Shapes)
        {
            float[] a = GemmData.Random(m * k, 1);
            WeightMatrix b = GemmData.Weights(type, n, k, 2);
            float[] bias = GemmData.Random(n, 3);
            foreach (WorkerPool pool in new[] { Serial, Pair })
            {
                var settings = new GemmSettings(path, pool);
                var plain = new float[m * n];
                MatMul.MultiplyTransposed(a, k, m, b, plain, n, bias, accumulate: false, settings);
                var expected = new float[m * n];
                Reference(activation, plain, expected);

                float[] actual = [.. Enumerable.Repeat(float.NaN, m * n)];
                MatMul.MultiplyTransposed(a, k, m, b, actual, n, bias, accumulate: false, settings, activation);
                Close(expected, actual, 2e-6f, $"{path} {type} {activation} {m}×{k}×{n} threads {pool.ThreadCount}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AccumulatingProductAppliesTheActivationToTheSum(string pathName, string typeName, string activationName)
    {
        (GemmPath path, DType type, Activation activation) = Parse(pathName, typeName, activationName);
        (int m, int k, int n) = (40, 800, 70);
        float[] a = GemmData.Random(m * k, 4), start = GemmData.Random(m * n, 5);
        WeightMatrix b = GemmData.Weights(type, n, k, 6);
        var settings = new GemmSettings(path, Pair);
        float[] sum = [.. start];
        MatMul.MultiplyTransposed(a, k, m, b, sum, n, [], accumulate: true, settings);
        var expected = new float[m * n];
        Reference(activation, sum, expected);

        float[] actual = [.. start];
        MatMul.MultiplyTransposed(a, k, m, b, actual, n, [], accumulate: true, settings, activation);
        Close(expected, actual, 2e-6f, $"{path} {type} {activation}");
    }

    [Fact]
    public void NoActivationLeavesTheProductUntouched()
    {
        (int m, int k, int n) = (33, 384, 100);
        float[] a = GemmData.Random(m * k, 7);
        WeightMatrix b = GemmData.Weights(DType.F32, n, k, 8);
        var expected = new float[m * n];
        var actual = new float[m * n];
        MatMul.MultiplyTransposed(a, m, b, expected);
        MatMul.MultiplyTransposed(a, m, b, actual, default, Activation.None);
        Assert.Equal(expected, actual);
    }

    private static (GemmPath, DType, Activation) Parse(string pathName, string typeName, string activationName)
    {
        Assert.True(DTypeInfo.TryParse(typeName, out DType type));
        return (Enum.Parse<GemmPath>(pathName), type, Enum.Parse<Activation>(activationName));
    }

    private static void Reference(Activation activation, float[] x, float[] destination)
    {
        if (activation == Activation.Swish)
        {
            Silu.Reference(x, destination);
        }
        else
        {
            Gelu.Reference(x, destination);
        }
    }
}
