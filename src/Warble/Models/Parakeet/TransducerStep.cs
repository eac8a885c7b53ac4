using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// The per-utterance state both greedy transducer decoders step through: the joint's encoder projection of every
/// frame (computed once), the prediction net's LSTM state and projected output, and the log-probabilities of the last
/// joint evaluation. Starts with the prediction net fed the blank, as NeMo's label-looping computers do.
/// </summary>
internal sealed class TransducerStep
{
    private readonly RnntDecoder decoder;
    private readonly RnntJoint joint;
    private readonly float[] encoderProjected;
    private readonly float[] prediction;
    private readonly float[] predictionProjected;
    private readonly LstmState state;

    public TransducerStep(RnntDecoder decoder, RnntJoint joint, ReadOnlySpan<float> encoder, int frames)
    {
        this.decoder = decoder;
        this.joint = joint;
        int hidden = joint.Config.JointHidden;
        encoderProjected = new float[frames * hidden];
        joint.ProjectEncoder(encoder, frames, encoderProjected);
        prediction = new float[decoder.Config.PredHidden];
        predictionProjected = new float[hidden];
        LogProbs = new float[joint.Config.NumOutputs];
        state = decoder.CreateState();
        Feed(decoder.BlankId);
    }

    /// <summary>Log-softmax over all joint outputs (tokens + blank, then any durations) of the last <see cref="Joint"/>.</summary>
    public float[] LogProbs { get; }

    /// <summary>Evaluates the joint at frame <paramref name="t"/> with the current prediction into <see cref="LogProbs"/>.</summary>
    public void Joint(int t)
    {
        int hidden = joint.Config.JointHidden;
        joint.JointAfterProjection(encoderProjected.AsSpan(t * hidden, hidden), predictionProjected, LogProbs);
        Nn.LogSoftmax(LogProbs);
    }

    /// <summary>Advances the prediction net by an emitted token.</summary>
    public void Feed(int token)
    {
        decoder.Predict(token, state, prediction);
        joint.ProjectPrednet(prediction, predictionProjected);
    }
}
