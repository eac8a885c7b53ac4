namespace Warble.Models.Parakeet;

/// <summary>
/// The bookkeeping shared by the transducer greedy decoders, as NeMo's <c>BatchedHyps</c> with max_symbols: emitted
/// tokens, and how many were emitted in a row at the last timestep, to force a step after max_symbols.
/// </summary>
internal sealed class TransducerFrameLoop(int maxSymbols, bool withDurations)
{
    private readonly List<int> tokens = [];
    private readonly List<int> timesteps = [];
    private readonly List<int> durations = [];
    private readonly List<float> logProbs = [];
    private int lastTimestep = -1;
    private int lastTimestepLasts;
    private float score;

    /// <summary>As <c>BatchedHyps.add_results_</c>: stores a non-blank token.</summary>
    /// <param name="tokenScore">What NeMo adds to the score (log-softmax over the whole joint output).</param>
    /// <param name="tokenLogProb">Log-probability among tokens and blank.</param>
    public void Add(int token, int timestep, int duration, float tokenScore, float tokenLogProb)
    {
        logProbs.Add(tokenLogProb);
        tokens.Add(token);
        timesteps.Add(timestep);
        durations.Add(duration);
        score += tokenScore;
        lastTimestepLasts = timestep == lastTimestep ? lastTimestepLasts + 1 : 1;
        lastTimestep = timestep;
    }

    /// <summary>
    /// NeMo's "stage 4": after a non-blank, when the last max_symbols tokens were all emitted at the frame decoding
    /// is now on, move on one frame (an implicit blank).
    /// </summary>
    public int ForceStep(int time) => lastTimestepLasts >= maxSymbols && lastTimestep == time ? time + 1 : time;

    /// <summary>The hypothesis from token <paramref name="firstToken"/> on (the score is always the whole one's).</summary>
    public ParakeetHypothesis ToHypothesis(int firstToken = 0) =>
        ParakeetHypothesis.FromTail(firstToken, tokens, timesteps, withDurations ? durations : null, logProbs, score);
}
