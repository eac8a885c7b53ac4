namespace Warble.Models.Parakeet;

/// <summary>
/// Greedy decoding of one utterance whose encoder frames may arrive in pieces (streaming input): the decoder state
/// (prediction net, last label, frames a TDT duration skipped past the end of a piece) carries over from one piece
/// to the next, so pieces give the same hypothesis as the whole.
/// </summary>
internal interface IGreedyDecoding
{
    /// <summary>
    /// Decodes encoder output [frames, d_model] that follows the frames given before; <paramref name="final"/> says no
    /// more follow (a TDT token may then jump past the end, as in one pass).
    /// </summary>
    void Accept(ReadOnlySpan<float> encoder, int frames, bool final);

    /// <summary>The hypothesis of everything accepted so far, from token <paramref name="firstToken"/> on.</summary>
    ParakeetHypothesis ToHypothesis(int firstToken = 0);
}
