using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>RNNTJoint</c>: <c>project_encoder</c> (joint.enc), <c>project_prednet</c> (joint.pred), and
/// <c>joint_after_projection</c> = joint_net (ReLU → Dropout → Linear at index 2) of f + g. The logits are raw; NeMo on
/// CPU then applies log_softmax over the whole vector (tokens, blank and durations together), which the decoders do.
/// </summary>
internal sealed class RnntJoint
{
    private const int StackLimit = 4096;
    private readonly LinearWeights enc, pred, jointNet;

    public RnntJoint(WeightSource source, RnntJointConfig config)
    {
        Config = config;
        var names = ParakeetWeights.JointNames.Of(config);
        enc = LinearWeights.Load(source, names.Enc);
        pred = LinearWeights.Load(source, names.Pred);
        jointNet = LinearWeights.Load(source, names.JointNet);
    }

    public RnntJointConfig Config { get; }

    /// <summary>encoder [frames, encoder_hidden] → projected [frames, joint_hidden].</summary>
    public void ProjectEncoder(ReadOnlySpan<float> encoder, int frames, Span<float> projected) => Nn.Linear(encoder, frames, enc, projected);

    /// <summary>prediction-net output [pred_hidden] → projected [joint_hidden].</summary>
    public void ProjectPrednet(ReadOnlySpan<float> g, Span<float> projected) => Nn.Linear(g, 1, pred, projected);

    /// <summary>Raw logits [NumOutputs] of one projected frame and one projected prediction.</summary>
    public void JointAfterProjection(ReadOnlySpan<float> f, ReadOnlySpan<float> g, Span<float> logits)
    {
        int size = Config.JointHidden;
        Span<float> hidden = size <= StackLimit ? stackalloc float[size] : new float[size];
        Tensors.Kernels.Add.Apply(f[..size], g[..size], hidden);
        Nn.Relu(hidden);

        Nn.Linear(hidden, 1, jointNet, logits);
    }

    /// <summary>
    /// Raw logits [n, NumOutputs] of n sums f + g of projected frames and predictions, [n, joint_hidden], which the
    /// ReLU overwrites: one product over all n rows, so a weight read serves n sequences.
    /// </summary>
    public void JointAfterProjection(Span<float> sums, int n, Span<float> logits)
    {
        Nn.Relu(sums[..(n * Config.JointHidden)]);
        Nn.Linear(sums, n, jointNet, logits);
    }

    /// <summary>prediction-net outputs [n, pred_hidden] → projected [n, joint_hidden].</summary>
    public void ProjectPrednet(ReadOnlySpan<float> g, int n, Span<float> projected) => Nn.Linear(g, n, pred, projected);
}
