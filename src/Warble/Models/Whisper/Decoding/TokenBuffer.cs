namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The <c>tokens</c> tensor of openai-whisper's decode loop: <see cref="Batch"/> rows of equal
/// length, stored in one array planned for the longest sequence so the loop never allocates.
/// </summary>
internal sealed class TokenBuffer
{
    private int[] data;
    private int[] scratch;

    public TokenBuffer(int batch, int capacity)
    {
        Batch = batch;
        Capacity = capacity;
        data = new int[batch * capacity];
        scratch = new int[batch * capacity];
    }

    /// <summary>Number of sequences.</summary>
    public int Batch { get; }

    /// <summary>Longest sequence the buffer holds.</summary>
    public int Capacity { get; }

    /// <summary>Current length of every row.</summary>
    public int Length { get; private set; }

    /// <summary>Row <paramref name="row"/>, as far as it is filled.</summary>
    public Span<int> Row(int row) => data.AsSpan(row * Capacity, Length);

    /// <summary>The last token of each row is <c>Row(row)[^1]</c>; this returns it.</summary>
    public int Last(int row) => data[(row * Capacity) + Length - 1];

    /// <summary>Fills every row with <paramref name="initial"/>.</summary>
    public void Initialize(ReadOnlySpan<int> initial)
    {
        if (initial.Length > Capacity)
        {
            throw new ArgumentException($"{initial.Length} initial tokens exceed the capacity {Capacity}");
        }

        Length = initial.Length;
        for (int row = 0; row < Batch; row++)
        {
            initial.CopyTo(data.AsSpan(row * Capacity));
        }
    }

    /// <summary>Appends one token per row.</summary>
    public void Append(ReadOnlySpan<int> nextTokens)
    {
        if (Length == Capacity)
        {
            throw new InvalidOperationException("token buffer is full");
        }

        for (int row = 0; row < Batch; row++)
        {
            data[(row * Capacity) + Length] = nextTokens[row];
        }

        Length++;
    }

    /// <summary>Row i becomes former row <c>sources[i]</c> followed by <c>nextTokens[i]</c> (beam search).</summary>
    public void ReorderAndAppend(ReadOnlySpan<int> sources, ReadOnlySpan<int> nextTokens)
    {
        for (int row = 0; row < Batch; row++)
        {
            data.AsSpan(sources[row] * Capacity, Length).CopyTo(scratch.AsSpan(row * Capacity));
            scratch[(row * Capacity) + Length] = nextTokens[row];
        }

        (data, scratch) = (scratch, data);
        Length++;
    }
}
