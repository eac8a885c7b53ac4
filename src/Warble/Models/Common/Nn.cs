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
}
