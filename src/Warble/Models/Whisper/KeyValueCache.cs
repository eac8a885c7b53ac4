namespace Warble.Models.Whisper;

/// <summary>Keys and values of one sequence in one layer, [capacity, n_state], grown by appending without reallocation.</summary>
internal sealed class KeyValueCache(int capacity, int nState)
{
    private readonly float[] keys = new float[capacity * nState];
    private readonly float[] values = new float[capacity * nState];

    public int Length { get; private set; }

    public int Capacity => capacity;

    public ReadOnlySpan<float> Keys => keys.AsSpan(0, Length * nState);

    public ReadOnlySpan<float> Values => values.AsSpan(0, Length * nState);

    public void Reset() => Length = 0;

    /// <summary>Appends <paramref name="count"/> rows.</summary>
    public void Append(ReadOnlySpan<float> newKeys, ReadOnlySpan<float> newValues, int count)
    {
        if (Length + count > capacity)
        {
            throw new InvalidOperationException($"the key/value cache holds {capacity} positions; {Length} + {count} do not fit");
        }

        newKeys[..(count * nState)].CopyTo(keys.AsSpan(Length * nState));
        newValues[..(count * nState)].CopyTo(values.AsSpan(Length * nState));
        Length += count;
    }

    /// <summary>Makes this cache a copy of <paramref name="other"/> (beam reordering).</summary>
    public void CopyFrom(KeyValueCache other)
    {
        other.keys.AsSpan(0, other.Length * nState).CopyTo(keys);
        other.values.AsSpan(0, other.Length * nState).CopyTo(values);
        Length = other.Length;
    }
}
