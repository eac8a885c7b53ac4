using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// The state of greedy CTC decoding (<see cref="CtcGreedyDecoder"/>) over one utterance whose frames may arrive in
/// pieces: the label of the last frame carries over, so a token repeated across a seam is not emitted twice.
/// </summary>
internal sealed class CtcGreedyDecoding(CtcGreedyDecoder head) : IGreedyDecoding
{
    private readonly List<int> tokens = [], timesteps = [];
    private readonly List<float> tokenLogProbs = [];
    private float[] logProbs = [];
    private float score;
    private int previous = -1, seen;

    public void Accept(ReadOnlySpan<float> encoder, int frames, bool final)
    {
        int classes = head.BlankId + 1;
        if (logProbs.Length < frames * classes)
        {
            logProbs = new float[frames * classes];
        }

        head.LogProbs(encoder, frames, logProbs);
        for (int t = 0; t < frames; t++)
        {
            ReadOnlySpan<float> row = logProbs.AsSpan(t * classes, classes);
            int label = Nn.Argmax(row);
            score += row[label];
            if (label != head.BlankId && label != previous)
            {
                tokens.Add(label);
                timesteps.Add(seen + t);
                tokenLogProbs.Add(row[label]);
            }

            previous = label;
        }

        seen += frames;
    }

    public ParakeetHypothesis ToHypothesis(int firstToken = 0) => ParakeetHypothesis.FromTail(firstToken, tokens, timesteps, null, tokenLogProbs, score);
}
