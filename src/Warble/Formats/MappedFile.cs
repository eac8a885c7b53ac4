using System.IO.MemoryMappedFiles;

namespace Warble.Formats;

/// <summary>
/// A whole file mapped read-only into memory. Reading the header touches only the header's pages;
/// tensor data is paged in by the OS when a kernel first reads it.
/// </summary>
internal sealed unsafe class MappedFile : ByteRegion, IDisposable
{
    private readonly MemoryMappedFile? mapping;
    private readonly MemoryMappedViewAccessor? view;
    private readonly byte* pointer;
    private bool disposed;

    private MappedFile(string name, long length, MemoryMappedFile? mapping, MemoryMappedViewAccessor? view, byte* pointer)
        : base(name, length)
    {
        this.mapping = mapping;
        this.view = view;
        this.pointer = pointer;
    }

    /// <summary>
    /// Maps <paramref name="path"/>; an empty file maps to an empty region. The length comes from the opened stream, not
    /// from <see cref="FileInfo"/>, which sizes a symbolic link itself (Hugging Face cache snapshots are links to blobs).
    /// </summary>
    public static MappedFile Open(string path)
    {
        string name = Path.GetFileName(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        MemoryMappedFile? mapping = null;
        try
        {
            long length = stream.Length;
            if (length == 0)
            {
                stream.Dispose();
                return new MappedFile(name, 0, null, null, null);
            }

            mapping = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = mapping.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            return new MappedFile(name, length, mapping, view, pointer + view.PointerOffset);
        }
        catch
        {
            mapping?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (view != null)
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
            view.Dispose();
        }

        mapping?.Dispose();
    }

    protected override ReadOnlySpan<byte> SpanCore(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return new ReadOnlySpan<byte>(pointer + offset, length);
    }

    protected override ReadOnlyMemory<byte> MemoryCore(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return length == 0 ? ReadOnlyMemory<byte>.Empty : new PointerMemoryManager(pointer + offset, length).Memory;
    }

    protected override ByteRegion SliceCore(long offset, long length, string name) => new MappedSlice(this, offset, length, name);

    /// <summary>A member of an archive that lies contiguous inside the mapping.</summary>
    private sealed class MappedSlice(MappedFile file, long start, long length, string name) : ByteRegion(name, length)
    {
        protected override ReadOnlySpan<byte> SpanCore(long offset, int count) => file.SpanCore(start + offset, count);

        protected override ReadOnlyMemory<byte> MemoryCore(long offset, int count) => file.MemoryCore(start + offset, count);

        protected override ByteRegion SliceCore(long offset, long count, string sliceName) =>
            new MappedSlice(file, start + offset, count, sliceName);
    }
}
