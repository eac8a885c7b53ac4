namespace Warble.Tensors;

/// <summary>Element types a tensor may be stored in. Block types pack a run of values with a shared scale.</summary>
/// <remarks>The quantized layouts are ggml's (ggml-common.h): q8_0 is 32 int8 values after one f16 scale.</remarks>
internal enum DType : byte
{
    F32,
    F16,
    BF16,
    Q8_0,
    Q4_0,
    Q4_1,
    Q5_0,
    Q5_1,
    F64,
    I8,
    I16,
    I32,
    I64,
    U8,
    Bool,
}
