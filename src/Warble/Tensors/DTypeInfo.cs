namespace Warble.Tensors;

/// <summary>Sizes of the element types: values per block and bytes per block.</summary>
internal static class DTypeInfo
{
    /// <summary>Number of values that share one block (1 for plain types, 32 for ggml's quantized types).</summary>
    public static int BlockSize(this DType type) => type switch
    {
        DType.Q8_0 or DType.Q4_0 or DType.Q4_1 or DType.Q5_0 or DType.Q5_1 => 32,
        _ => 1,
    };

    /// <summary>Bytes taken by one block.</summary>
    public static int BlockBytes(this DType type) => type switch
    {
        DType.F32 or DType.I32 => 4,
        DType.F16 or DType.BF16 or DType.I16 => 2,
        DType.F64 or DType.I64 => 8,
        DType.I8 or DType.U8 or DType.Bool => 1,
        DType.Q8_0 => 2 + 32,
        DType.Q4_0 => 2 + 16,
        DType.Q4_1 => 2 + 2 + 16,
        DType.Q5_0 => 2 + 4 + 16,
        DType.Q5_1 => 2 + 2 + 4 + 16,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown dtype"),
    };

    /// <summary>Whether values are floating point of any width, quantized types included.</summary>
    public static bool IsFloat(this DType type) => type is DType.F32 or DType.F16 or DType.BF16 or DType.F64
        or DType.Q8_0 or DType.Q4_0 or DType.Q4_1 or DType.Q5_0 or DType.Q5_1;

    /// <summary>Bytes needed for <paramref name="count"/> values; the count must fill whole blocks.</summary>
    public static long ByteCount(this DType type, long count)
    {
        int block = type.BlockSize();
        if (count < 0 || count % block != 0)
        {
            throw new ArgumentException($"{count} values of {type.Name()} do not fill whole blocks of {block}");
        }

        return checked(count / block * type.BlockBytes());
    }

    /// <summary>The lower-case name used in files and on the command line (f32, f16, bf16, q8_0...).</summary>
    public static string Name(this DType type) => type.ToString().ToLowerInvariant();

    /// <summary>Parses a name as written by <see cref="Name"/>.</summary>
    public static bool TryParse(string name, out DType type)
    {
        foreach (DType candidate in Enum.GetValues<DType>())
        {
            if (string.Equals(candidate.Name(), name, StringComparison.OrdinalIgnoreCase))
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }
}
