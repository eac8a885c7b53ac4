using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy RNN-T decoding with NeMo's label-looping rules (<c>GreedyBatchedRNNTInfer</c> →
/// <c>GreedyBatchedRNNTLoopLabelsComputer</c>), for one utterance: at frame t the argmax over tokens + blank; a blank
/// moves on one frame, a token is emitted at t and fed to the prediction net, and after max_symbols tokens at one frame
/// t moves on by one.
/// </summary>
internal sealed class RnntGreedyDecoder(RnntDecoder decoder, RnntJoint joint, int maxSymbols = 10)
{
    /// <summary>Decodes encoder output [frames, d_model] over its first <paramref name="length"/> frames.</summary>
    public ParakeetHypothesis Decode(ReadOnlySpan<float> encoder, int frames, int length)
    {
        RnntJointConfig config = joint.Config;
        int blank = decoder.BlankId, hiddenSize = config.JointHidden;
        var f = new float[frames * hiddenSize];
        joint.ProjectEncoder(encoder, frames, f);
        var g = new float[decoder.Config.PredHidden];
        var gProjected = new float[hiddenSize];
        var logits = new float[config.NumOutputs];
        LstmState state = decoder.CreateState();
        decoder.Predict(blank, state, g);
        joint.ProjectPrednet(g, gProjected);
        var hyp = new TransducerFrameLoop(maxSymbols, withDurations: false);
        int t = 0;
        while (t < length)
        {
            joint.JointAfterProjection(f.AsSpan(t * hiddenSize, hiddenSize), gProjected, logits);
            Nn.LogSoftmax(logits);
            int token = Nn.Argmax(logits.AsSpan(0, blank + 1));
            if (token == blank)
            {
                t++;
                continue;
            }

            hyp.Add(token, t, 0, logits[token], logits[token]);
            decoder.Predict(token, state, g);
            joint.ProjectPrednet(g, gProjected);
            t = hyp.ForceStep(t);
        }

        return hyp.ToHypothesis();
    }
}
