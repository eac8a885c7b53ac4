using System.Numerics.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;

namespace Warble.Models.Silero;

/// <summary>
/// Silero VAD's <c>VADDecoderRNNJIT</c> for one frame: an <c>nn.LSTMCell(128, 128)</c> advances (h, c), then
/// Dropout (identity at inference), ReLU, a 1×1 <c>Conv1d(128, 1)</c> and a sigmoid give the speech probability.
/// The encoder leaves one time step per frame, so the model's mean over time is that step. The cell's input product
/// W_ih·x + b_ih + b_hh is one GEMM over a batch of frames (<see cref="InputGates"/>); only W_hh·h runs frame by frame.
/// </summary>
internal static class VadDecoderRnn
{
    /// <summary>The LSTM cell's input product for a batch of frames: W_ih·x + b_ih + b_hh.</summary>
    /// <param name="x">[frames, 128]: the encoder's output.</param>
    /// <param name="frames">How many frames.</param>
    /// <param name="destination">[frames, 512].</param>
    public static void InputGates(ReadOnlySpan<float> x, int frames, SileroVadWeights weights, Span<float> destination) =>
        MatMul.MultiplyTransposed(x, frames, weights.RnnWeightIh, destination, weights.RnnBias);

    /// <summary>As <c>VADDecoderRNNJIT.forward</c> for one frame; updates <paramref name="state"/>'s h and c in place.</summary>
    /// <param name="inputGates">[512]: this frame's row of <see cref="InputGates"/>.</param>
    public static float Forward(ReadOnlySpan<float> inputGates, SileroVadWeights weights, SileroVadState state)
    {
        LstmCell.StepWithInputGates(inputGates, weights.RnnWeightHh, state.H, state.C, state.Gates);
        Span<float> activated = state.Head;
        Relu.Apply(state.H, activated);
        float logit = TensorPrimitives.Dot(activated, weights.DecoderConvWeight) + weights.DecoderConvBias;
        return 1f / (1f + MathF.Exp(-logit));
    }
}
