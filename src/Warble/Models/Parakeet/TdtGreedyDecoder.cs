namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy TDT decoding with NeMo's label-looping rules (<c>GreedyBatchedTDTInfer</c> →
/// <c>GreedyBatchedTDTLabelLoopingComputer.torch_impl</c>), for one utterance: at frame t the token is the argmax over
/// tokens + blank and the duration the argmax over the duration logits, independently. A blank moves on by its
/// duration (0 forced to 1) without advancing the prediction net; a token is emitted at t with its duration, the
/// prediction net takes it, and t moves on by the duration (0 = emit again at t); after max_symbols tokens at one
/// frame t moves on by one. A token whose duration jumps past the end is still emitted. Frames may arrive in pieces
/// (<see cref="IGreedyDecoding"/>): a jump past the end of a piece lands in the next.
/// </summary>
internal sealed class TdtGreedyDecoder(RnntDecoder decoder, RnntJoint joint, int[] durations, int maxSymbols = 10)
    : TransducerGreedyDecoding(decoder, joint, maxSymbols, withDurations: true)
{
    protected override void DecodeUpTo(int end, bool final)
    {
        int blank = BlankId, t = Frame;
        float[] logits = Step.Logits;
        while (t < end)
        {
            Step.Joint(t);
            TransducerChoice choice = TransducerChoice.Of(logits, blank, withDurations: true);
            int token = choice.Token, duration = durations[choice.DurationIndex];
            if (token == blank)
            {
                t += Math.Max(duration, 1);
                continue;
            }

            Hypothesis.Add(token, t, duration, choice.LogProb, choice.LabelLogProb);
            t += duration;
            if (t < end || !final)
            {
                Step.Feed(token);
                t = Hypothesis.ForceStep(t);
            }
        }

        Frame = t;
    }
}
