namespace Warble.Formats;

/// <summary>A region over an array: for archive members that had to be decompressed, and for tests.</summary>
internal sealed class ArrayRegion : ByteRegion
{
    private readonly byte[] bytes;
    private readonly int start;

    public ArrayRegion(string name, byte[] bytes)
        : this(name, bytes, 0, bytes.Length)
    {
    }

    private ArrayRegion(string name, byte[] bytes, int start, int length)
        : base(name, length)
    {
        this.bytes = bytes;
        this.start = start;
    }

    protected override ReadOnlySpan<byte> SpanCore(long offset, int length) => bytes.AsSpan(start + (int)offset, length);

    protected override ReadOnlyMemory<byte> MemoryCore(long offset, int length) => bytes.AsMemory(start + (int)offset, length);

    protected override ByteRegion SliceCore(long offset, long length, string name) =>
        new ArrayRegion(name, bytes, start + (int)offset, (int)length);
}
