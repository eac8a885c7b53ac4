namespace Warble.Models.Parakeet;

/// <summary>
/// Per-head scratch of <see cref="RelPositionAttention"/>, planned once for a maximum number of frames: q + u, q + v,
/// kᵀ [dk, T], pᵀ [dk, 2T − 1], the scores [T, T] and matrix_bd [T, 2T − 1]; or, in int8, q + u, q + v and the
/// quantised keys, positions and values (<see cref="RelPositionAttention.Int8Floats"/>, less than the f32 path needs
/// past a few frames).
/// </summary>
internal sealed class RelPositionAttentionScratch
{
    private readonly float[][] perHead;

    public RelPositionAttentionScratch(int heads, int headDim, int maxFrames)
    {
        Heads = heads;
        HeadDim = headDim;
        MaxFrames = maxFrames;
        long t = maxFrames, positions = Math.Max((2 * t) - 1, 0);
        long size = Math.Max((3 * t * headDim) + (headDim * positions) + (t * t) + (t * positions),
            (2 * t * headDim) + RelPositionAttention.Int8Floats(maxFrames, headDim));
        if (size > Array.MaxLength)
        {
            throw new ArgumentException($"full attention over {maxFrames} encoder frames needs {heads} score buffers of {size * sizeof(float) / (1L << 30)} GiB; local attention (rel_pos_local_attn) encodes input this long");
        }

        perHead = new float[heads][];
        for (int h = 0; h < heads; h++)
        {
            perHead[h] = new float[checked((int)size)];
        }
    }

    public int Heads { get; }

    public int HeadDim { get; }

    public int MaxFrames { get; }

    public Span<float> ForHead(int head) => perHead[head];
}
