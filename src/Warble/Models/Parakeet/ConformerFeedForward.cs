using Warble.Models.Common;
using Warble.Tensors.Gemm;

namespace Warble.Models.Parakeet;

/// <summary>As NeMo <c>ConformerFeedForward.forward</c>: linear1 → Swish → linear2 (dropout is identity in eval).</summary>
internal sealed class ConformerFeedForward(WeightSource source, ParakeetWeights.FeedForwardNames names)
{
    private readonly LinearWeights linear1 = LinearWeights.Load(source, names.Linear1);

    private readonly LinearWeights linear2 = LinearWeights.Load(source, names.Linear2);

    /// <summary>x [frames, d] → output [frames, d], using <see cref="ConformerWorkspace.Hidden"/>.</summary>
    public void Forward(ReadOnlySpan<float> x, int frames, ConformerWorkspace ws, Span<float> output)
    {
        Nn.Linear(x, frames, linear1, ws.Hidden, Activation.Swish);
        Nn.Linear(ws.Hidden, frames, linear2, output);
    }
}
