using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;

namespace Warble.Models.Silero;

/// <summary>
/// One encoder block, as Silero VAD's <c>SileroVadBlock</c> after re-parametrization: <c>reparam_conv</c>
/// (<c>Conv1d</c>, kernel 3, padding 1) then ReLU, run on a batch of frames that are convolved independently.
/// </summary>
/// <param name="Weight">[out, in·3].</param>
/// <param name="Bias">[out].</param>
/// <param name="InChannels">in.</param>
/// <param name="Stride">1 or 2.</param>
internal sealed record SileroVadBlock(WeightMatrix Weight, float[] Bias, int InChannels, int Stride)
{
    public const int KernelSize = 3, Padding = 1;

    public int OutChannels => Weight.Rows;

    /// <summary>Steps out for <paramref name="length"/> steps in.</summary>
    public int OutputLength(int length) => Conv1d.OutputLength(length, KernelSize, Stride, Padding);

    /// <summary>As <c>SileroVadBlock.forward</c>: <c>activation(reparam_conv(x))</c>.</summary>
    /// <param name="input">[frames, T, in], time-major.</param>
    /// <param name="frames">How many independent frames.</param>
    /// <param name="destination">[frames, T_out, out].</param>
    public void Forward(ReadOnlySpan<float> input, int frames, Span<float> destination)
    {
        Conv1d.ApplyTimeMajor(input, frames, InChannels, Weight, Bias, KernelSize, Stride, Padding, destination);
        Relu.Apply(destination, destination);
    }
}
