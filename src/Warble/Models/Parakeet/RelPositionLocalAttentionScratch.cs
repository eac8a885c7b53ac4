namespace Warble.Models.Parakeet;

/// <summary>
/// Per-head scratch of <see cref="RelPositionLocalAttention"/>, planned once for a maximum number of frames and a
/// context: kᵀ [dk, T], pᵀ [dk, positions], one block's q + u and q + v [rows, dk], its scores [rows, width] and its
/// position scores [rows, positions], where rows = <see cref="RelPositionLocalAttention.BlockRows"/>, width ≤ rows + left + right
/// and positions = left + right + 1, each side clamped to T − 1. Linear in T.
/// </summary>
internal sealed class RelPositionLocalAttentionScratch
{
    private readonly float[][] perHead;
    private readonly int maxFrames;
    private readonly AttContextSize planned;

    public RelPositionLocalAttentionScratch(int heads, int headDim, int maxFrames, AttContextSize context)
    {
        Heads = heads;
        HeadDim = headDim;
        this.maxFrames = maxFrames;
        planned = context.ClampedTo(maxFrames);
        perHead = new float[heads][];
        for (int h = 0; h < heads; h++)
        {
            perHead[h] = new float[checked((int)Size(maxFrames, planned))];
        }
    }

    public int Heads { get; }

    public int HeadDim { get; }

    /// <summary>One head's buffers for a number of valid frames and a band already clamped to them.</summary>
    public readonly ref struct Views
    {
        public Views(Span<float> all, int headDim, int frames, AttContextSize band)
        {
            int rows = RelPositionLocalAttention.BlockRows;
            KeysT = all[..(headDim * frames)];
            all = all[KeysT.Length..];
            PositionsT = all[..(headDim * band.Positions)];
            all = all[PositionsT.Length..];
            QueryU = all[..(rows * headDim)];
            QueryV = all.Slice(rows * headDim, rows * headDim);
            all = all[(2 * rows * headDim)..];
            PositionScores = all[..(rows * band.Positions)];
            Scores = all[PositionScores.Length..];
        }

        public Span<float> KeysT { get; }

        public Span<float> PositionsT { get; }

        public Span<float> QueryU { get; }

        public Span<float> QueryV { get; }

        public Span<float> PositionScores { get; }

        public Span<float> Scores { get; }
    }

    /// <summary>Whether the plan covers <paramref name="frames"/> valid frames with <paramref name="context"/>.</summary>
    public bool Fits(int frames, AttContextSize context) => frames <= maxFrames && Size(frames, context.ClampedTo(frames)) <= Size(maxFrames, planned);

    public Views ForHead(int head, int frames, AttContextSize band) => new(perHead[head], HeadDim, frames, band);

    private long Size(int frames, AttContextSize band)
    {
        long rows = RelPositionLocalAttention.BlockRows, width = Math.Min(frames, rows + band.Left + band.Right);
        return (HeadDim * ((long)frames + band.Positions + (2 * rows))) + (rows * band.Positions) + (rows * width);
    }
}
