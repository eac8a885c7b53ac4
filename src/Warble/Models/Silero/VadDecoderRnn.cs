using System.Numerics.Tensors;
using Warble.Tensors.Kernels;

namespace Warble.Models.Silero;

/// <summary>
/// Silero VAD's <c>VADDecoderRNNJIT</c> for one frame: an <c>nn.LSTMCell(128, 128)</c> advances (h, c), then
/// Dropout (identity at inference), ReLU, a 1×1 <c>Conv1d(128, 1)</c> and a sigmoid give the speech probability.
/// The encoder leaves one time step per frame, so the model's mean over time is that step.
/// </summary>
internal static class VadDecoderRnn
{
    /// <summary>As <c>VADDecoderRNNJIT.forward</c>; updates <paramref name="state"/>'s h and c in place.</summary>
    /// <param name="x">[128]: the encoder's output for this frame.</param>
    public static float Forward(ReadOnlySpan<float> x, SileroVadWeights weights, SileroVadState state)
    {
        LstmCell.StepFused(x, weights.RnnWeights, weights.RnnBias, state.H, state.C, state.Gates);
        Span<float> activated = state.Head;
        Relu.Apply(state.H, activated);
        float logit = TensorPrimitives.Dot(activated, weights.DecoderConvWeight) + weights.DecoderConvBias;
        return 1f / (1f + MathF.Exp(-logit));
    }
}
