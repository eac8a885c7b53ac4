namespace Warble.Models.Parakeet;

/// <summary>The <c>joint</c> section of a transducer model_config.yaml (NeMo <c>RNNTJoint</c>), named after its keys.</summary>
/// <param name="NumClasses">num_classes: tokens without the blank.</param>
/// <param name="NumExtraOutputs">num_extra_outputs: TDT duration logits (0 for RNN-T).</param>
/// <param name="EncoderHidden">jointnet.encoder_hidden.</param>
/// <param name="PredHidden">jointnet.pred_hidden.</param>
/// <param name="JointHidden">jointnet.joint_hidden.</param>
internal sealed record RnntJointConfig(int NumClasses, int NumExtraOutputs, int EncoderHidden, int PredHidden, int JointHidden)
{
    /// <summary>Logits per (frame, prefix): tokens, blank, then the duration logits.</summary>
    public int NumOutputs => NumClasses + 1 + NumExtraOutputs;
}
