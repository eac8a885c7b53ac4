using Warble.Formats;
using Warble.Tensors;

namespace Warble.Models.Common;

/// <summary>
/// Synthetic weights of any requested shape, for benchmarks at real model dimensions without a file: matrices
/// whose rows fill whole blocks take <paramref name="matrixType"/>, everything else is f32. Values are
/// N(0, 0.02²)-like; speed does not depend on them.
/// </summary>
internal sealed class RandomWeights(DType matrixType, int seed = 1234)
{
    private readonly Random random = new(seed);

    public long Bytes { get; private set; }

    public WeightSource Source(string modelName) => new((_, shape) => Create(shape), modelName);

    private TensorView Create(int[] shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count *= d;
        }

        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() - 0.5) * 0.07);
        }

        DType type = shape.Length == 2 && shape[1] % matrixType.BlockSize() == 0 ? matrixType : DType.F32;
        byte[] bytes = TensorConversion.FromFloats(values, type);
        Bytes += bytes.Length;
        return new TensorView(type, bytes, shape);
    }
}
