namespace Warble.Models.Parakeet;

/// <summary>
/// What both greedy transducer decoders carry from one piece of encoder output to the next: the prediction net and
/// joint state (<see cref="TransducerStep"/>), the emitted tokens (<see cref="TransducerFrameLoop"/>), the frame
/// decoding is at (which a TDT duration may have pushed past the piece) and the frames given so far.
/// </summary>
internal abstract class TransducerGreedyDecoding(RnntDecoder decoder, RnntJoint joint, int maxSymbols, bool withDurations) : IGreedyDecoding
{
    private int seen;

    protected TransducerStep Step { get; } = new(decoder, joint);

    protected TransducerFrameLoop Hypothesis { get; } = new(maxSymbols, withDurations);

    protected int BlankId => decoder.BlankId;

    /// <summary>The frame decoding is at.</summary>
    protected int Frame { get; set; }

    public void Accept(ReadOnlySpan<float> encoder, int frames, bool final)
    {
        Step.Project(encoder, frames, seen);
        seen += frames;
        DecodeUpTo(seen, final);
    }

    public ParakeetHypothesis ToHypothesis(int firstToken = 0) => Hypothesis.ToHypothesis(firstToken);

    /// <summary>Decodes from <see cref="Frame"/> while it is before <paramref name="end"/>, the frames given so far.</summary>
    protected abstract void DecodeUpTo(int end, bool final);
}
