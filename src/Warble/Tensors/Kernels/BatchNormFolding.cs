namespace Warble.Tensors.Kernels;

/// <summary>
/// Folds an eval-mode BatchNorm into the convolution before it, as PyTorch's
/// <c>torch.nn.utils.fusion.fuse_conv_bn_weights</c>: with s = gamma / √(running_var + eps),
/// w'[o, ·] = w[o, ·] · s[o] and b'[o] = (b[o] − running_mean[o]) · s[o] + beta[o]. NeMo's Conformer
/// convolution has depthwise conv → BatchNorm, so the norm costs nothing at inference.
/// </summary>
internal static class BatchNormFolding
{
    /// <summary>Computes the folded weight and bias (scale in double, rounded once).</summary>
    /// <param name="weight">[Cout, n]: the convolution weight, n = Cin/groups · kernel elements.</param>
    /// <param name="bias">Empty (no conv bias), or [Cout].</param>
    /// <param name="runningMean">[Cout].</param>
    /// <param name="runningVar">[Cout].</param>
    /// <param name="gamma">[Cout], the BatchNorm weight.</param>
    /// <param name="beta">[Cout], the BatchNorm bias.</param>
    /// <param name="eps">BatchNorm eps (1e-5 by default).</param>
    /// <param name="foldedWeight">[Cout, n]; may be <paramref name="weight"/>.</param>
    /// <param name="foldedBias">[Cout]; may be <paramref name="bias"/>.</param>
    public static void Fold(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> foldedWeight, Span<float> foldedBias)
    {
        int outChannels = gamma.Length;
        ThrowHelper.CheckPositive(outChannels, "gamma length");
        ThrowHelper.CheckExactLength(runningMean.Length, outChannels, nameof(runningMean));
        ThrowHelper.CheckExactLength(runningVar.Length, outChannels, nameof(runningVar));
        ThrowHelper.CheckExactLength(beta.Length, outChannels, nameof(beta));
        ThrowHelper.CheckExactLength(foldedBias.Length, outChannels, nameof(foldedBias));
        if (!bias.IsEmpty)
        {
            ThrowHelper.CheckExactLength(bias.Length, outChannels, nameof(bias));
        }

        if (weight.Length % outChannels != 0)
        {
            ThrowHelper.ThrowArgument($"conv weight of {weight.Length} values is not {outChannels} rows");
        }

        ThrowHelper.CheckElementwise(weight, foldedWeight);
        int n = weight.Length / outChannels;
        for (int o = 0; o < outChannels; o++)
        {
            double scale = gamma[o] / Math.Sqrt((double)runningVar[o] + eps);
            for (int j = 0; j < n; j++)
            {
                foldedWeight[(o * n) + j] = (float)(weight[(o * n) + j] * scale);
            }

            double b = bias.IsEmpty ? 0 : bias[o];
            foldedBias[o] = (float)(((b - runningMean[o]) * scale) + beta[o]);
        }
    }

    /// <summary>
    /// Scalar definition of the BatchNorm being folded, in eval mode over the channel axis of a
    /// time-major [T, C] tensor (tests compare conv + this with the folded conv).
    /// </summary>
    internal static void BatchNormReference(ReadOnlySpan<float> x, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVar, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, float eps, Span<float> destination)
    {
        int channels = gamma.Length;
        for (int i = 0; i < x.Length; i++)
        {
            int c = i % channels;
            destination[i] = (float)((((x[i] - (double)runningMean[c]) / Math.Sqrt((double)runningVar[c] + eps)) * gamma[c]) + beta[c]);
        }
    }
}
