using Warble.Tensors.Kernels;

namespace Warble.Models.Whisper;

/// <summary>Scratch buffers for <see cref="ResidualAttentionBlock"/>, planned once for a maximum row count.</summary>
internal sealed class BlockWorkspace
{
    /// <param name="cacheRows">Rows the encoder's self-attention cache holds: one window's (windows encoded together
    /// attend each to itself); 0 for <paramref name="maxRows"/>.</param>
    public BlockWorkspace(int maxRows, int nState, int nHead, int cacheRows = 0)
    {
        MaxRows = maxRows;
        Normed = new float[maxRows * nState];
        Query = new float[maxRows * nState];
        Key = new float[maxRows * nState];
        Value = new float[maxRows * nState];
        Attended = new float[maxRows * nState];
        Projected = new float[maxRows * nState];
        Hidden = new float[maxRows * nState * 4];
        SelfCache = new KeyValueCache(nHead, nState / nHead, cacheRows > 0 ? cacheRows : maxRows);
    }

    public int MaxRows { get; }

    public float[] Normed { get; }

    public float[] Query { get; }

    public float[] Key { get; }

    public float[] Value { get; }

    public float[] Attended { get; }

    public float[] Projected { get; }

    public float[] Hidden { get; }

    /// <summary>The encoder's self-attention keys/values for one block at a time.</summary>
    public KeyValueCache SelfCache { get; }
}
