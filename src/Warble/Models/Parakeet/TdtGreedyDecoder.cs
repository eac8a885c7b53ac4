using Warble.Models.Common;

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
internal sealed class TdtGreedyDecoder(RnntDecoder decoder, RnntJoint joint, int[] durations, int maxSymbols = 10) : IGreedyDecoding
{
    private readonly TransducerStep step = new(decoder, joint);
    private readonly TransducerFrameLoop hyp = new(maxSymbols, withDurations: true);
    private int t, seen;

    public int TokenCount => hyp.Count;

    /// <summary>Decodes encoder output [frames, d_model] over its first <paramref name="length"/> frames, in one piece.</summary>
    public ParakeetHypothesis Decode(ReadOnlySpan<float> encoder, int frames, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, frames);
        Accept(encoder, length, final: true);
        return ToHypothesis();
    }

    public void Accept(ReadOnlySpan<float> encoder, int frames, bool final)
    {
        int blank = decoder.BlankId, end = seen + frames;
        step.Project(encoder, frames, seen);
        seen = end;
        float[] logits = step.LogProbs;
        while (t < end)
        {
            step.Joint(t);
            int token = Nn.Argmax(logits.AsSpan(0, blank + 1));
            int duration = durations[Nn.Argmax(logits.AsSpan(blank + 1))];
            if (token == blank)
            {
                t += Math.Max(duration, 1);
                continue;
            }

            hyp.Add(token, t, duration, logits[token], TransducerFrameLoop.TokenLogProb(logits, blank + 1, token));
            t += duration;
            if (t < end || !final)
            {
                step.Feed(token);
                t = hyp.ForceStep(t);
            }
        }
    }

    public ParakeetHypothesis ToHypothesis(int firstToken = 0) => hyp.ToHypothesis(firstToken);
}
