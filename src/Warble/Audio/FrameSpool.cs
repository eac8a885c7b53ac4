using Microsoft.Win32.SafeHandles;

namespace Warble.Audio;

/// <summary>
/// Feature frames of one recording, appended as they are computed and read back a window at a time, so that a
/// pipeline whose features depend on the whole recording (Whisper's global maximum, NeMo's per-feature mean and
/// deviation) still holds only a window in memory. Frames are kept in memory up to <see cref="MemoryFrames"/>, then
/// the whole spool moves to a temporary file deleted on dispose (page cache, not the process's heap).
/// </summary>
internal sealed class FrameSpool : IFrameSink, IDisposable
{
    /// <summary>Frames kept in memory before spilling to disk: 5 minutes at 100 frames a second.</summary>
    public const int MemoryFrames = 30_000;

    private const int ChunkFrames = 1024;

    private readonly int width;
    private readonly int memoryFrames;
    private readonly List<float[]> chunks = [];
    private readonly float[] pending;
    private FileStream? file;
    private SafeFileHandle? handle;
    private int pendingFrames;

    /// <param name="width">Values per frame.</param>
    /// <param name="memoryFrames">Frames kept in memory before the spool moves to disk.</param>
    public FrameSpool(int width, int memoryFrames = MemoryFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        this.width = width;
        this.memoryFrames = memoryFrames;
        pending = new float[ChunkFrames * width];
    }

    /// <summary>Values per frame.</summary>
    public int Width => width;

    /// <summary>Whether the frames have moved to a temporary file.</summary>
    public bool OnDisk => file is not null;

    /// <summary>Frames appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one frame of <see cref="Width"/> values.</summary>
    public void Append(ReadOnlySpan<float> frame)
    {
        frame[..width].CopyTo(pending.AsSpan(pendingFrames * width));
        Count = checked(Count + 1);
        if (++pendingFrames == ChunkFrames)
        {
            Flush();
        }
    }

    /// <summary>Copies frames [start, start + count) into <paramref name="destination"/>, frame-major [count, width].</summary>
    public void Read(int start, int count, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count - start);
        int stored = Count - pendingFrames;
        int fromStore = Math.Clamp(stored - start, 0, count);
        if (fromStore > 0)
        {
            ReadStored(start, fromStore, destination[..(fromStore * width)]);
        }

        if (fromStore < count)
        {
            int first = start + fromStore - stored;
            pending.AsSpan(first * width, (count - fromStore) * width).CopyTo(destination[(fromStore * width)..]);
        }
    }

    public void Dispose()
    {
        handle = null;
        file?.Dispose();
        file = null;
        chunks.Clear();
    }

    private void ReadStored(int start, int count, Span<float> destination)
    {
        if (handle is not null)
        {
            Span<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(destination);
            long offset = (long)start * width * sizeof(float);
            while (!bytes.IsEmpty)
            {
                int read = RandomAccess.Read(handle, bytes, offset);
                if (read == 0)
                {
                    throw new IOException("the feature spool file ended early");
                }

                bytes = bytes[read..];
                offset += read;
            }

            return;
        }

        for (int frame = start, done = 0; done < count;)
        {
            int chunk = frame / ChunkFrames, within = frame % ChunkFrames, take = Math.Min(ChunkFrames - within, count - done);
            chunks[chunk].AsSpan(within * width, take * width).CopyTo(destination.Slice(done * width, take * width));
            frame += take;
            done += take;
        }
    }

    private void Flush()
    {
        if (file is null && Count > memoryFrames)
        {
            file = new FileStream(Path.Combine(Path.GetTempPath(), $"warble-spool-{Guid.NewGuid():N}.f32"), FileMode.CreateNew,
                FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            handle = file.SafeFileHandle;
            foreach (float[] chunk in chunks)
            {
                Write(chunk);
            }

            chunks.Clear();
        }

        if (file is not null)
        {
            Write(pending.AsSpan(0, pendingFrames * width));
        }
        else
        {
            chunks.Add(pending.AsSpan(0, pendingFrames * width).ToArray());
        }

        pendingFrames = 0;
    }

    private void Write(ReadOnlySpan<float> values)
    {
        file!.Seek(0, SeekOrigin.End);
        file.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        file.Flush();
    }
}
