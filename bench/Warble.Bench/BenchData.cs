using Warble.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Bench;

/// <summary>Random operands for the benchmarks.</summary>
internal static class BenchData
{
    public static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>A random [rows, columns] weight matrix stored in <paramref name="type"/>.</summary>
    public static WeightMatrix Weights(DType type, int rows, int columns, int seed) =>
        WeightMatrix.Encode(Random(rows * columns, seed), rows, columns, type);
}
