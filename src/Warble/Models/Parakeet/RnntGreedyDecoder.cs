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
        int blank = decoder.BlankId;
        var step = new TransducerStep(decoder, joint, encoder, frames);
        float[] logits = step.LogProbs;
        var hyp = new TransducerFrameLoop(maxSymbols, withDurations: false);
        int t = 0;
        while (t < length)
        {
            step.Joint(t);
            int token = Nn.Argmax(logits.AsSpan(0, blank + 1));
            if (token == blank)
            {
                t++;
                continue;
            }

            hyp.Add(token, t, 0, logits[token], logits[token]);
            step.Feed(token);
            t = hyp.ForceStep(t);
        }

        return hyp.ToHypothesis();
    }
}
