using Warble.Tensors;

namespace Warble.Formats;

/// <summary>ggml's tensor type ids (ggml.h <c>enum ggml_type</c>), as stored in GGUF and whisper.cpp files.</summary>
internal static class GgmlType
{
    public const uint F32 = 0;
    public const uint F16 = 1;
    public const uint Q4_0 = 2;
    public const uint Q4_1 = 3;
    public const uint Q5_0 = 6;
    public const uint Q5_1 = 7;
    public const uint Q8_0 = 8;
    public const uint I8 = 24;
    public const uint I16 = 25;
    public const uint I32 = 26;
    public const uint I64 = 27;
    public const uint F64 = 28;
    public const uint BF16 = 30;

    /// <summary>The Warble dtype of a ggml type id, or false for ids Warble does not read.</summary>
    public static bool TryToDType(uint id, out DType type)
    {
        (bool known, type) = id switch
        {
            F32 => (true, DType.F32),
            F16 => (true, DType.F16),
            Q4_0 => (true, DType.Q4_0),
            Q4_1 => (true, DType.Q4_1),
            Q5_0 => (true, DType.Q5_0),
            Q5_1 => (true, DType.Q5_1),
            Q8_0 => (true, DType.Q8_0),
            I8 => (true, DType.I8),
            I16 => (true, DType.I16),
            I32 => (true, DType.I32),
            I64 => (true, DType.I64),
            F64 => (true, DType.F64),
            BF16 => (true, DType.BF16),
            _ => (false, DType.F32),
        };
        return known;
    }

    /// <summary>The ggml type id of a Warble dtype (u8 and bool are stored as i8).</summary>
    public static uint FromDType(DType type) => type switch
    {
        DType.F32 => F32,
        DType.F16 => F16,
        DType.BF16 => BF16,
        DType.Q8_0 => Q8_0,
        DType.Q4_0 => Q4_0,
        DType.Q4_1 => Q4_1,
        DType.Q5_0 => Q5_0,
        DType.Q5_1 => Q5_1,
        DType.F64 => F64,
        DType.I8 or DType.U8 or DType.Bool => I8,
        DType.I16 => I16,
        DType.I32 => I32,
        DType.I64 => I64,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no ggml type"),
    };
}
