namespace Warble.Formats;

/// <summary>
/// A bounded window of a model file's bytes: a memory-mapped file, a member of an archive inside
/// one, or an array (tests). Parsers read through it so every offset is checked against
/// <see cref="Length"/> before anything is touched, and tensor data is handed out as
/// <see cref="ReadOnlyMemory{T}"/> slices that point into the window without copying.
/// </summary>
internal abstract class ByteRegion
{
    protected ByteRegion(string name, long length)
    {
        Name = name;
        Length = length;
    }

    /// <summary>The file name (and member) used in error messages.</summary>
    public string Name { get; }

    public long Length { get; }

    /// <summary>The bytes [offset, offset + length) as a span; the range must lie inside the region.</summary>
    public ReadOnlySpan<byte> Span(long offset, int length)
    {
        CheckRange(offset, length);
        return SpanCore(offset, length);
    }

    /// <summary>The bytes [offset, offset + length) as memory that stays valid while the region's owner lives.</summary>
    public ReadOnlyMemory<byte> Memory(long offset, long length)
    {
        CheckRange(offset, length);
        if (length > int.MaxValue)
        {
            throw Fail(offset, $"a tensor of {length} bytes is larger than 2 GiB");
        }

        return MemoryCore(offset, (int)length);
    }

    /// <summary>A sub-region [offset, offset + length), named <paramref name="name"/>.</summary>
    public ByteRegion Slice(long offset, long length, string name)
    {
        CheckRange(offset, length);
        return SliceCore(offset, length, name);
    }

    /// <summary>Copies [offset, offset + length) into a new array.</summary>
    public byte[] ToArray(long offset, int length) => Span(offset, length).ToArray();

    /// <summary>The one-line error for bad data at <paramref name="offset"/>.</summary>
    public ModelFormatException Fail(long offset, string what) => new(ErrorText.OneLine($"{Name}: {what} (at offset {offset})"));

    /// <summary>Throws unless [offset, offset + length) lies inside the region.</summary>
    public void CheckRange(long offset, long length)
    {
        if (offset < 0 || length < 0 || offset > Length || length > Length - offset)
        {
            throw Fail(offset, $"{length} bytes needed but the file ends at {Length}: truncated or corrupt");
        }
    }

    protected abstract ReadOnlySpan<byte> SpanCore(long offset, int length);

    protected abstract ReadOnlyMemory<byte> MemoryCore(long offset, int length);

    protected abstract ByteRegion SliceCore(long offset, long length, string name);
}
