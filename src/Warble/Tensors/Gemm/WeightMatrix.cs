using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Quantization;

namespace Warble.Tensors.Gemm;

/// <summary>
/// A weight matrix as stored in a checkpoint: <see cref="Rows"/> output features by <see cref="Columns"/>
/// input features (PyTorch's Linear layout [out, in]), row-major, in its stored dtype.
/// Kernels convert rows on the fly; the bytes are usually a memory-mapped file region.
/// </summary>
internal readonly struct WeightMatrix
{
    // Shared by every copy of the struct; filled on first use (two threads racing to scan find the same profile).
    private readonly StrongBox<HalfProfile?>? halfProfile;

    // Likewise shared: the int8 copy, made on the first int8 product (a race quantises twice, to the same values).
    private readonly StrongBox<Int8Weights?>? int8;

    public WeightMatrix(DType type, ReadOnlyMemory<byte> data, int rows, int columns)
    {
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentException($"weight matrix of {rows}×{columns} has a negative dimension");
        }

        if (columns % type.BlockSize() != 0)
        {
            throw new ArgumentException($"a {type.Name()} row of {columns} values does not fill whole blocks of {type.BlockSize()}");
        }

        int rowBytes = checked((int)type.ByteCount(columns));
        long needed = (long)rows * rowBytes;
        if (data.Length < needed)
        {
            throw new ArgumentException($"a {type.Name()} weight of {rows}×{columns} needs {needed} bytes but has {data.Length}");
        }

        Type = type;
        Data = data;
        Rows = rows;
        Columns = columns;
        RowBytes = rowBytes;
        halfProfile = type == DType.F16 ? new StrongBox<HalfProfile?>() : null;
        int8 = new StrongBox<Int8Weights?>();
    }

    public DType Type { get; }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>N: output features.</summary>
    public int Rows { get; }

    /// <summary>K: input features.</summary>
    public int Columns { get; }

    /// <summary>Bytes of one row (stored: kernels read it once per pass of rows, and computing it divides twice).</summary>
    public int RowBytes { get; }

    /// <summary>Finiteness and subnormals of f16 weights (scanned once, on first use); null for other dtypes.</summary>
    public HalfProfile? HalfProfile
    {
        get
        {
            if (halfProfile is null)
            {
                return null;
            }

            return halfProfile.Value ??= HalfProfile.Scan(Data.Span[..(int)((long)Rows * RowBytes)], Rows, Columns);
        }
    }

    /// <summary>The matrix quantised for <see cref="Int8Gemm"/> (on first use, then kept beside the stored weights).</summary>
    public Int8Weights AsInt8 => int8 is null ? Int8Weights.Quantize(this) : int8.Value ??= Int8Weights.Quantize(this);

    /// <summary>Wraps a float array [rows, columns].</summary>
    public static WeightMatrix FromFloats(float[] values, int rows, int columns) =>
        FromView(TensorView.FromFloats(values, rows, columns));

    /// <summary>Whether the kernels read weights stored as <paramref name="type"/>: the cases of <see cref="DequantizeRow"/>.</summary>
    public static bool IsSupported(DType type) => type is DType.F32 or DType.F16 or DType.BF16 or DType.Q8_0;

    /// <summary>Stores float values [rows, columns] in <paramref name="type"/> (f32, f16, bf16 or q8_0), rounding as PyTorch and ggml do.</summary>
    public static WeightMatrix Encode(ReadOnlySpan<float> values, int rows, int columns, DType type)
    {
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make a {rows}×{columns} matrix");
        }

        var bytes = new byte[rows * type.ByteCount(columns)];
        switch (type)
        {
            case DType.F32:
                MemoryMarshal.AsBytes(values).CopyTo(bytes);
                break;
            case DType.F16:
                HalfConversion.FromSingle(values, MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan()));
                break;
            case DType.BF16:
                Span<ushort> bf = MemoryMarshal.Cast<byte, ushort>(bytes.AsSpan());
                for (int i = 0; i < values.Length; i++)
                {
                    bf[i] = BFloat16Bits.FromSingle(values[i]);
                }

                break;
            case DType.Q8_0:
                Q8_0.Quantize(values, bytes);
                break;
            default:
                throw new NotSupportedException($"weights of type {type.Name()} are not supported by the matrix kernels");
        }

        return new WeightMatrix(type, bytes, rows, columns);
    }

    /// <summary>A contiguous 2-D view as a weight matrix.</summary>
    public static WeightMatrix FromView(TensorView view)
    {
        if (view.Rank != 2 || !view.IsContiguous)
        {
            throw new ArgumentException($"a weight matrix needs a contiguous 2-D tensor, got {view}");
        }

        return new WeightMatrix(view.Type, view.Data, view.Shape[0], view.Shape[1]);
    }

    /// <summary>Converts row <paramref name="row"/> to floats: exactly for f32, f16 and bf16, as <see cref="Q8_0.Dequantize"/> for q8_0.</summary>
    public void DequantizeRow(int row, Span<float> destination) =>
        Packing.ConvertSegment(Type, Data.Span.Slice(row * RowBytes, RowBytes), 0, destination[..Columns]);
}
