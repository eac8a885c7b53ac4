using System.Buffers;

namespace Warble.Formats;

/// <summary>
/// Exposes a slice of a memory mapping as <see cref="Memory{T}"/> without copying. The mapping is
/// owned by <see cref="MappedFile"/>; the memory is valid until that is disposed.
/// </summary>
internal sealed unsafe class PointerMemoryManager(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    // The mapping never moves, so pinning is a no-op.
    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
