using System.Runtime.InteropServices;

namespace Warble.Tensors;

/// <summary>
/// A typed view over memory with a shape and element strides, row-major by default (the last
/// dimension varies fastest, as in PyTorch and numpy). The memory may be an array or a
/// memory-mapped file region; the view never copies.
/// </summary>
/// <remarks>Block-quantized types (q8_0...) are only viewed contiguously: their last dimension
/// must be a whole number of blocks and strides are counted in values.</remarks>
internal readonly struct TensorView
{
    public TensorView(DType type, ReadOnlyMemory<byte> data, params int[] shape)
        : this(type, data, shape, ContiguousStrides(shape))
    {
    }

    public TensorView(DType type, ReadOnlyMemory<byte> data, int[] shape, long[] strides)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(strides);
        if (shape.Length != strides.Length)
        {
            throw new ArgumentException($"shape has {shape.Length} dimensions but strides has {strides.Length}");
        }

        long count = 1;
        long lastElement = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentException($"dimension {i} is negative ({shape[i]})");
            }

            if (strides[i] < 0)
            {
                throw new ArgumentException($"stride {i} is negative ({strides[i]})");
            }

            count = checked(count * shape[i]);
            lastElement += (long)Math.Max(shape[i] - 1, 0) * strides[i];
        }

        long needed = count == 0 ? 0 : type.ByteCount(RoundUpToBlock(type, lastElement + 1));
        if (needed > data.Length)
        {
            throw new ArgumentException($"a {type.Name()} tensor of shape [{string.Join(", ", shape)}] needs {needed} bytes but has {data.Length}");
        }

        Type = type;
        Data = data;
        Shape = shape;
        Strides = strides;
        ElementCount = count;
    }

    public DType Type { get; }

    public ReadOnlyMemory<byte> Data { get; }

    public int[] Shape { get; }

    /// <summary>Strides in elements (values), one per dimension.</summary>
    public long[] Strides { get; }

    public long ElementCount { get; }

    public int Rank => Shape.Length;

    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (int i = Shape.Length - 1; i >= 0; i--)
            {
                if (Shape[i] != 1 && Strides[i] != expected)
                {
                    return false;
                }

                expected *= Shape[i];
            }

            return true;
        }
    }

    /// <summary>Row-major strides for <paramref name="shape"/>.</summary>
    public static long[] ContiguousStrides(int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var strides = new long[shape.Length];
        long stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    /// <summary>Wraps a float array as an f32 view.</summary>
    public static TensorView FromFloats(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new TensorView(DType.F32, new ArrayMemory(values).Memory, shape);
    }

    /// <summary>The view of index <paramref name="index"/> along the first dimension (one rank less).</summary>
    public TensorView Select(int index)
    {
        if (Rank == 0 || (uint)index >= (uint)Shape[0])
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is outside dimension 0 of size {(Rank == 0 ? 0 : Shape[0])}");
        }

        long offset = index * Strides[0];
        RequireBlockAligned(offset);
        return new TensorView(Type, Data[(int)Type.ByteCount(offset)..], Shape[1..], Strides[1..]);
    }

    /// <summary>Swaps two dimensions by swapping strides; no data moves.</summary>
    public TensorView Transpose(int dim0, int dim1)
    {
        var shape = (int[])Shape.Clone();
        var strides = (long[])Strides.Clone();
        (shape[dim0], shape[dim1]) = (shape[dim1], shape[dim0]);
        (strides[dim0], strides[dim1]) = (strides[dim1], strides[dim0]);
        return new TensorView(Type, Data, shape, strides);
    }

    /// <summary>A contiguous view with another shape of the same element count.</summary>
    public TensorView Reshape(params int[] shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            count = checked(count * d);
        }

        if (count != ElementCount || !IsContiguous)
        {
            throw new ArgumentException($"cannot reshape [{string.Join(", ", Shape)}] to [{string.Join(", ", shape)}]");
        }

        return new TensorView(Type, Data, shape);
    }

    /// <summary>The raw values of an f32 contiguous view.</summary>
    public ReadOnlySpan<float> AsFloats()
    {
        if (Type != DType.F32 || !IsContiguous)
        {
            throw new InvalidOperationException($"a {(IsContiguous ? "" : "strided ")}{Type.Name()} view is not a contiguous f32 span");
        }

        return MemoryMarshal.Cast<byte, float>(Data.Span)[..(int)ElementCount];
    }

    public override string ToString() => $"{Type.Name()}[{string.Join(", ", Shape)}]";

    private static long RoundUpToBlock(DType type, long count)
    {
        int block = type.BlockSize();
        return (count + block - 1) / block * block;
    }

    private void RequireBlockAligned(long offset)
    {
        if (offset % Type.BlockSize() != 0)
        {
            throw new InvalidOperationException($"offset {offset} is inside a {Type.Name()} block");
        }
    }

    /// <summary>Exposes a float array as bytes without copying; each pin holds its own GC handle.</summary>
    private sealed class ArrayMemory(float[] values) : System.Buffers.MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(values.AsSpan());

        public override unsafe System.Buffers.MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = GCHandle.Alloc(values, GCHandleType.Pinned);
            return new System.Buffers.MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }
}
