using Warble.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Models.Common;

/// <summary>
/// Looks weights up by checkpoint key and checks their shapes, so a model's constructor reads as a
/// list of the tensors it needs. Matrices stay in their stored dtype; vectors are upcast to f32.
/// </summary>
/// <param name="lookup">Finds a tensor by key; it is told the expected shape, which file loaders ignore and
/// synthetic sources (random weights for benchmarks) use to create the tensor.</param>
internal sealed class WeightSource(Func<string, int[], TensorView?> lookup, string modelName)
{
    /// <summary>A source over named tensors, e.g. a loaded checkpoint.</summary>
    public WeightSource(IReadOnlyDictionary<string, TensorView> tensors, string modelName)
        : this((key, _) => tensors.TryGetValue(key, out TensorView view) ? view : null, modelName)
    {
    }

    public string ModelName { get; } = modelName;

    /// <summary>A 2-D weight [rows, columns] in its stored dtype.</summary>
    public WeightMatrix Matrix(string key, int rows, int columns)
    {
        TensorView view = Get(key, rows, columns);
        return new WeightMatrix(view.Type, view.Data, rows, columns);
    }

    /// <summary>A table entry as a matrix [rows, columns]: the first dimension by the product of the others.</summary>
    public WeightMatrix Matrix(TensorSpec spec)
    {
        TensorView view = Get(spec);
        int rows = spec.Shape[0];
        return new WeightMatrix(view.Type, view.Data, rows, rows == 0 ? 0 : checked((int)(view.ElementCount / rows)));
    }

    /// <summary>A table entry as f32 values in row-major order.</summary>
    public float[] Floats(TensorSpec spec) => ToFloats(Get(spec));

    /// <summary>A table entry, checked against its shape.</summary>
    public TensorView Get(TensorSpec spec) => Get(spec.Name, spec.Shape);

    /// <summary>Any tensor of the given shape, as f32 values in row-major order.</summary>
    public float[] Floats(string key, params int[] shape) => ToFloats(Get(key, shape));

    /// <summary>The tensor, checked against <paramref name="shape"/>.</summary>
    public TensorView Get(string key, params int[] shape)
    {
        TensorView view = lookup(key, shape) ?? throw new ModelFormatException($"{ModelName}: tensor '{key}' is missing");
        if (!WeightMatrix.IsSupported(view.Type))
        {
            throw new ModelFormatException($"{ModelName}: tensor '{key}' is {view.Type.Name()}; Warble's kernels read f32, f16, bf16 and q8_0");
        }

        if (!view.Shape.AsSpan().SequenceEqual(shape))
        {
            throw new ModelFormatException(
                $"{ModelName}: tensor '{key}' has shape [{string.Join(", ", view.Shape)}], expected [{string.Join(", ", shape)}]");
        }

        return view;
    }

    /// <summary>Upcasts a contiguous tensor of any float dtype to f32.</summary>
    public static float[] ToFloats(TensorView view)
    {
        if (!view.IsContiguous)
        {
            throw new ArgumentException($"tensor {view} is not contiguous");
        }

        int count = checked((int)view.ElementCount);
        var values = new float[count];
        if (count == 0)
        {
            return values;
        }

        int columns = view.Rank == 0 ? 1 : view.Shape[^1];
        int rows = count / columns;
        var matrix = new WeightMatrix(view.Type, view.Data, rows, columns);
        for (int r = 0; r < rows; r++)
        {
            matrix.DequantizeRow(r, values.AsSpan(r * columns, columns));
        }

        return values;
    }
}
