using Warble.Models.Common;
using Warble.Tensors;
using Warble.Tensors.Gemm;

namespace Warble.Formats;

/// <summary>Checks a loaded <see cref="WeightSet"/> against an architecture's table of names and shapes.</summary>
internal static class WeightTable
{
    /// <summary>
    /// Throws a one-line error for the first missing or misshapen tensor, or one of a type the kernels do not read. A tensor whose shape differs
    /// only by size-1 dimensions (whisper.cpp stores conv biases as [n, 1]) is replaced by a reshaped view.
    /// </summary>
    public static void Check(WeightSet weights, IEnumerable<TensorSpec> table)
    {
        foreach (var (name, shape) in table)
        {
            if (!weights.TryGet(name, out TensorView view))
            {
                throw new ModelFormatException(ErrorText.OneLine($"{weights.File}: tensor '{name}' is missing (expected shape [{string.Join(", ", shape)}])"));
            }

            if (!WeightMatrix.IsSupported(view.Type))
            {
                throw new ModelFormatException(ErrorText.OneLine($"{weights.File}: tensor '{name}' is {view.Type.Name()}; Warble's kernels read f32, f16, bf16 and q8_0"));
            }

            if (view.Shape.SequenceEqual(shape))
            {
                continue;
            }

            if (!Squeezed(view.Shape).SequenceEqual(Squeezed(shape)) || !view.Type.IsFloat() || view.Type.BlockSize() != 1)
            {
                throw new ModelFormatException(ErrorText.OneLine(
                    $"{weights.File}: tensor '{name}' has shape [{string.Join(", ", view.Shape)}], expected [{string.Join(", ", shape)}]"));
            }

            weights.Replace(name, view.Reshape(shape));
        }
    }

    private static IEnumerable<int> Squeezed(int[] shape) => shape.Where(d => d != 1);
}
