namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy RNN-T decoding with NeMo's label-looping rules (<c>GreedyBatchedRNNTInfer</c> →
/// <c>GreedyBatchedRNNTLoopLabelsComputer</c>), for one utterance: at frame t the argmax over tokens + blank; a blank
/// moves on one frame, a token is emitted at t and fed to the prediction net, and after max_symbols tokens at one frame
/// t moves on by one. Frames may arrive in pieces (<see cref="IGreedyDecoding"/>).
/// </summary>
internal sealed class RnntGreedyDecoder(RnntDecoder decoder, RnntJoint joint, int maxSymbols = 10)
    : TransducerGreedyDecoding(decoder, joint, maxSymbols, withDurations: false)
{
    protected override void DecodeUpTo(int end, bool final)
    {
        int blank = BlankId, t = Frame;
        float[] logits = Step.Logits;
        while (t < end)
        {
            Step.Joint(t);
            TransducerChoice choice = TransducerChoice.Of(logits, blank, withDurations: false);
            int token = choice.Token;
            if (token == blank)
            {
                t++;
                continue;
            }

            Hypothesis.Add(token, t, 0, choice.LogProb, choice.LogProb);
            Step.Feed(token);
            t = Hypothesis.ForceStep(t);
        }

        Frame = t;
    }
}
