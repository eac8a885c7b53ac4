using Warble.Tensors.Gemm;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Keys and values of one attention layer, preallocated to a capacity (n_text_ctx for Whisper's decoder
/// self-attention, n_audio_ctx for its cross-attention) and grown by appending rows, never reallocated;
/// openai-whisper's <c>kv_cache</c> hooks concatenate tensors instead. Rows are stored per head,
/// [H, capacity, d_k], so each head's keys are one contiguous [T, d_k] matrix that the GEMM reads
/// directly and the attention needs no gather.
/// </summary>
internal sealed class KeyValueCache
{
    private readonly float[] keys;
    private readonly float[] values;
    private readonly ReadOnlyMemory<byte> keyBytes;

    /// <param name="heads">H.</param>
    /// <param name="headDim">d_k = n_state / H.</param>
    /// <param name="capacity">The most rows the cache will hold.</param>
    public KeyValueCache(int heads, int headDim, int capacity)
    {
        ThrowHelper.CheckPositive(heads, nameof(heads));
        ThrowHelper.CheckPositive(headDim, nameof(headDim));
        ThrowHelper.CheckPositive(capacity, nameof(capacity));
        Heads = heads;
        HeadDim = headDim;
        Capacity = capacity;
        keys = new float[(long)heads * capacity * headDim];
        values = new float[keys.Length];
        keyBytes = WeightMatrix.FromFloats(keys, heads * capacity, headDim).Data;
    }

    public int Heads { get; }

    public int HeadDim { get; }

    public int Capacity { get; }

    /// <summary>Rows held now.</summary>
    public int Length { get; private set; }

    /// <summary>Appends rows of keys and values.</summary>
    /// <param name="k">[rows, H·d_k] row-major, as the key projection produces them.</param>
    /// <param name="v">[rows, H·d_k].</param>
    public void Append(ReadOnlySpan<float> k, ReadOnlySpan<float> v)
    {
        int width = Heads * HeadDim;
        if (k.Length % width != 0 || v.Length != k.Length)
        {
            ThrowHelper.ThrowArgument($"keys of {k.Length} and values of {v.Length} values are not equal whole rows of {width}");
        }

        int rows = k.Length / width;
        if (Length + rows > Capacity)
        {
            ThrowHelper.ThrowArgument($"appending {rows} rows to a cache holding {Length} exceeds its capacity of {Capacity}");
        }

        for (int r = 0; r < rows; r++)
        {
            for (int h = 0; h < Heads; h++)
            {
                int to = ((h * Capacity) + Length + r) * HeadDim;
                k.Slice((r * width) + (h * HeadDim), HeadDim).CopyTo(keys.AsSpan(to, HeadDim));
                v.Slice((r * width) + (h * HeadDim), HeadDim).CopyTo(values.AsSpan(to, HeadDim));
            }
        }

        Length += rows;
    }

    /// <summary>Keeps the first <paramref name="length"/> rows (a new window, or a rewound decode).</summary>
    public void Truncate(int length)
    {
        if ((uint)length > (uint)Length)
        {
            ThrowHelper.ThrowArgument($"cannot truncate a cache of {Length} rows to {length}");
        }

        Length = length;
    }

    /// <summary>Empties the cache without freeing it.</summary>
    public void Clear() => Length = 0;

    /// <summary>Makes this cache hold the same rows as <paramref name="source"/> (beam reordering, as openai's <c>rearrange_kv_cache</c>).</summary>
    public void CopyFrom(KeyValueCache source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Heads != Heads || source.HeadDim != HeadDim || source.Capacity > Capacity)
        {
            ThrowHelper.ThrowArgument("caches of different shapes cannot be copied");
        }

        for (int h = 0; h < Heads; h++)
        {
            source.keys.AsSpan(h * source.Capacity * HeadDim, source.Length * HeadDim).CopyTo(keys.AsSpan(h * Capacity * HeadDim));
            source.values.AsSpan(h * source.Capacity * HeadDim, source.Length * HeadDim).CopyTo(values.AsSpan(h * Capacity * HeadDim));
        }

        Length = source.Length;
    }

    /// <summary>Head <paramref name="head"/>'s keys as a [Length, d_k] matrix for <c>MatMul.MultiplyTransposed</c>.</summary>
    internal WeightMatrix Keys(int head) =>
        new(DType.F32, keyBytes.Slice(head * Capacity * HeadDim * sizeof(float), Length * HeadDim * sizeof(float)), Length, HeadDim);

    /// <summary>Head <paramref name="head"/>'s keys, [Length, d_k] row-major.</summary>
    internal ReadOnlySpan<float> KeyRows(int head) => keys.AsSpan(head * Capacity * HeadDim, Length * HeadDim);

    /// <summary>Head <paramref name="head"/>'s values, [Length, d_k] row-major.</summary>
    internal ReadOnlySpan<float> Values(int head) => values.AsSpan(head * Capacity * HeadDim, Length * HeadDim);
}
