using System.Numerics.Tensors;
using Warble.Formats;
using Warble.Tensors;

namespace Warble.Models.Common;

/// <summary>
/// Turns a NaN or infinity in an encoder's output into a one-line error naming the cause. Samples are checked as they
/// are read, so a non-finite output comes from the weights: the first tensor holding such a value is named (the
/// weights are scanned only then, so a healthy model pays one sum per window).
/// </summary>
internal sealed class NonFiniteGuard(string source, WeightSet? weights)
{
    /// <summary>A guard that names no tensor (models built without a file).</summary>
    public static NonFiniteGuard None { get; } = new("the model", null);

    /// <summary>Throws <see cref="ModelFormatException"/> when <paramref name="output"/> holds a NaN or an infinity.</summary>
    public void Check(ReadOnlySpan<float> output)
    {
        if (float.IsFinite(TensorPrimitives.Sum(output)) || !HasNonFinite(output))
        {
            return;
        }

        string? tensor = FirstNonFiniteTensor();
        throw new ModelFormatException(tensor is null
            ? $"{source}: the encoder output holds NaN or infinity (the weights overflow on this audio)"
            : $"{source}: tensor '{tensor}' holds NaN or infinity, so the model's output does too");
    }

    private string? FirstNonFiniteTensor()
    {
        if (weights is null)
        {
            return null;
        }

        foreach (string name in weights.Names)
        {
            TensorView view = weights[name];
            if (view.IsContiguous && view.Type.IsFloat() && HasNonFinite(WeightSource.ToFloats(view)))
            {
                return name;
            }
        }

        return null;
    }

    private static bool HasNonFinite(ReadOnlySpan<float> values)
    {
        foreach (float v in values)
        {
            if (!float.IsFinite(v))
            {
                return true;
            }
        }

        return false;
    }
}
