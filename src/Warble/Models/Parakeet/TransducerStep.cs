namespace Warble.Models.Parakeet;

/// <summary>
/// The per-utterance state both greedy transducer decoders step through: the joint's encoder projection of the frames
/// being decoded (computed once per piece of encoder output), the prediction net's LSTM state and projected output,
/// and the logits of the last joint evaluation. Starts with the prediction net fed the blank, as NeMo's
/// label-looping computers do.
/// </summary>
internal sealed class TransducerStep
{
    private readonly RnntDecoder decoder;
    private readonly RnntJoint joint;
    private readonly float[] prediction;
    private readonly float[] predictionProjected;
    private readonly LstmState state;
    private float[] encoderProjected = [];
    private int firstFrame;

    public TransducerStep(RnntDecoder decoder, RnntJoint joint)
    {
        this.decoder = decoder;
        this.joint = joint;
        int hidden = joint.Config.JointHidden;
        prediction = new float[decoder.Config.PredHidden];
        predictionProjected = new float[hidden];
        Logits = new float[joint.Config.NumOutputs];
        state = decoder.CreateState();
        Feed(decoder.BlankId);
    }

    /// <summary>The joint's outputs (tokens + blank, then any durations) of the last <see cref="Joint"/>; scores come from <see cref="TransducerScores"/>.</summary>
    public float[] Logits { get; }

    /// <summary>
    /// Projects encoder output [frames, d_model] whose first row is frame <paramref name="first"/> of the utterance;
    /// <see cref="Joint"/> then takes frames first .. first + frames − 1.
    /// </summary>
    public void Project(ReadOnlySpan<float> encoder, int frames, int first)
    {
        int hidden = joint.Config.JointHidden;
        if (encoderProjected.Length < frames * hidden)
        {
            encoderProjected = new float[frames * hidden];
        }

        joint.ProjectEncoder(encoder, frames, encoderProjected);
        firstFrame = first;
    }

    /// <summary>Evaluates the joint at frame <paramref name="t"/> with the current prediction into <see cref="Logits"/>.</summary>
    public void Joint(int t)
    {
        int hidden = joint.Config.JointHidden;
        joint.JointAfterProjection(encoderProjected.AsSpan((t - firstFrame) * hidden, hidden), predictionProjected, Logits);
    }

    /// <summary>Advances the prediction net by an emitted token.</summary>
    public void Feed(int token)
    {
        decoder.Predict(token, state, prediction);
        joint.ProjectPrednet(prediction, predictionProjected);
    }
}
