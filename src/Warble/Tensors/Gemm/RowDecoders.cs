using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;

namespace Warble.Tensors.Gemm;

/// <summary>Loads of a stored weight row as floats, converted in registers, for the streaming <see cref="Gemv"/> kernels.</summary>
internal static unsafe class RowDecoders
{
    /// <summary>Reads value <c>index</c> onwards of a row stored in one plain (non-block) dtype.</summary>
    internal interface IDecoder
    {
        static abstract Vector512<float> Load512(byte* row, int index);

        static abstract Vector256<float> Load256(byte* row, int index);

        static abstract float Load(byte* row, int index);
    }

    internal readonly struct F32 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => Vector512.Load((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => Vector256.Load((float*)row + index);

        public static float Load(byte* row, int index) => ((float*)row)[index];
    }

    internal readonly struct F16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => HalfConversion.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => HalfConversion.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => (float)((Half*)row)[index];
    }

    internal readonly struct BF16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => BFloat16Bits.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => BFloat16Bits.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => BFloat16Bits.ToSingle(((ushort*)row)[index]);
    }
}
