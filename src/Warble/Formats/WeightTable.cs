using Warble.Tensors;

namespace Warble.Formats;

/// <summary>Checks a loaded <see cref="WeightSet"/> against an architecture's table of names and shapes.</summary>
internal static class WeightTable
{
    /// <summary>
    /// Throws a one-line error for the first missing or misshapen tensor. A tensor whose shape differs
    /// only by size-1 dimensions (whisper.cpp stores conv biases as [n, 1]) is replaced by a reshaped view.
    /// </summary>
    public static void Check(WeightSet weights, IEnumerable<(string Name, int[] Shape)> table)
    {
        foreach (var (name, shape) in table)
        {
            if (!weights.TryGet(name, out TensorView view))
            {
                throw new ModelFormatException(ErrorText.OneLine($"{weights.File}: tensor '{name}' is missing (expected shape [{string.Join(", ", shape)}])"));
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
