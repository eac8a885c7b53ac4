namespace Warble.Tensors.Kernels;

/// <summary>Geometry of a square-kernel 2-D convolution over [C, H, W] planes, checked once.</summary>
internal readonly record struct Conv2dShape(int Height, int Width, int KernelSize, int Stride, int Padding, int OutHeight, int OutWidth)
{
    /// <summary>Derives W and the output size from an input of <paramref name="length"/> values.</summary>
    public static Conv2dShape Create(int length, int channels, int height, int kernelSize, int stride, int padding)
    {
        ThrowHelper.CheckPositive(channels, nameof(channels));
        ThrowHelper.CheckPositive(height, nameof(height));
        ThrowHelper.CheckPositive(kernelSize, nameof(kernelSize));
        ThrowHelper.CheckPositive(stride, nameof(stride));
        if (padding < 0 || length % ((long)channels * height) != 0)
        {
            ThrowHelper.ThrowArgument($"conv2d input of {length} values is not [{channels}, {height}, W], or padding {padding} is negative");
        }

        int width = length / (channels * height);
        int outHeight = ((height + (2 * padding) - kernelSize) / stride) + 1;
        int outWidth = ((width + (2 * padding) - kernelSize) / stride) + 1;
        if (width == 0 || outHeight <= 0 || outWidth <= 0)
        {
            ThrowHelper.ThrowArgument($"conv2d input [{channels}, {height}, {width}] is smaller than its {kernelSize}×{kernelSize} kernel");
        }

        return new Conv2dShape(height, width, kernelSize, stride, padding, outHeight, outWidth);
    }

    /// <summary>Scalar reference helper: Σ kernel[kh, kw] · x[c, oh·stride + kh − padding, ow·stride + kw − padding] in double.</summary>
    public double Patch(ReadOnlySpan<float> input, int channel, int oh, int ow, ReadOnlySpan<float> kernel)
    {
        double sum = 0;
        for (int kh = 0; kh < KernelSize; kh++)
        {
            for (int kw = 0; kw < KernelSize; kw++)
            {
                int h = (oh * Stride) + kh - Padding, w = (ow * Stride) + kw - Padding;
                if (h >= 0 && h < Height && w >= 0 && w < Width)
                {
                    sum += (double)kernel[(kh * KernelSize) + kw] * input[(((channel * Height) + h) * Width) + w];
                }
            }
        }

        return sum;
    }
}
