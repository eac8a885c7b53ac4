using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy RNN-T decoding with NeMo's label-looping rules (<c>GreedyBatchedRNNTInfer</c> →
/// <c>GreedyBatchedRNNTLoopLabelsComputer</c>), for one utterance: at frame t the argmax over tokens + blank; a blank
/// moves on one frame, a token is emitted at t and fed to the prediction net, and after max_symbols tokens at one frame
/// t moves on by one. Frames may arrive in pieces (<see cref="IGreedyDecoding"/>).
/// </summary>
internal sealed class RnntGreedyDecoder(RnntDecoder decoder, RnntJoint joint, int maxSymbols = 10) : IGreedyDecoding
{
    private readonly TransducerStep step = new(decoder, joint);
    private readonly TransducerFrameLoop hyp = new(maxSymbols, withDurations: false);
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
            if (token == blank)
            {
                t++;
                continue;
            }

            hyp.Add(token, t, 0, logits[token], logits[token]);
            step.Feed(token);
            t = hyp.ForceStep(t);
        }
    }

    public ParakeetHypothesis ToHypothesis(int firstToken = 0) => hyp.ToHypothesis(firstToken);
}
