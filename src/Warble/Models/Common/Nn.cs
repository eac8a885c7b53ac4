using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Kernels = Warble.Tensors.Kernels;

namespace Warble.Models.Common;

/// <summary>
/// The building blocks model files are written with (as llama.cpp's <c>build_norm</c>, <c>build_ffn</c>,
/// <c>build_attn</c>): activations are row-major [rows, features] spans; weights come from the loaders.
/// </summary>
internal static partial class Nn
{
    /// <summary>y[rows, out] = x[rows, in] · Wᵀ + b (PyTorch <c>F.linear</c>).</summary>
    public static void Linear(ReadOnlySpan<float> x, int rows, LinearWeights layer, Span<float> y, Activation activation = Activation.None) =>
        MatMul.MultiplyTransposed(x[..(rows * layer.InFeatures)], rows, layer.Weight, y[..(rows * layer.OutFeatures)], layer.Bias, activation);

    /// <summary>x += y.</summary>
    public static void Add(Span<float> x, ReadOnlySpan<float> y) => Kernels.Add.Apply(x, y[..x.Length], x);

    /// <summary>Index of the first maximum (as <c>torch.max</c>/<c>argmax</c> on CPU).</summary>
    public static int Argmax(ReadOnlySpan<float> x)
    {
        // TensorPrimitives.IndexOfMax is vectorized (8,198 joint outputs a step, a scalar loop took 10 µs) and gives
        // the first of equal maxima; it differs from the loop only where it lands on a NaN or a zero (it ranks +0
        // above −0), and there the loop decides.
        int first = TensorPrimitives.IndexOfMax(x);
        if (first >= 0 && x[first] != 0 && !float.IsNaN(x[first]))
        {
            return first;
        }

        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }
}
