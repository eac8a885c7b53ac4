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

    /// <summary>
    /// f16 read as 2⁻¹¹² times its value, which takes a shift and a mask and nothing else: the sign lands in bit 31
    /// and exponent and mantissa in bits 27..13, so a normal half's exponent e becomes e − 127 instead of e − 15, a
    /// zero stays zero and a subnormal becomes the f32 denormal of the same scaled value. Exact for every finite half
    /// (infinities and NaNs would come out finite); the caller multiplies A by 2¹¹² to compensate, which is exact
    /// while |A| &lt; 2¹⁶. Half the instructions of <see cref="F16"/>, so twice the loads fit in the out-of-order
    /// window, which is what bounds a memory-bound loop.
    /// </summary>
    internal readonly struct F16Raw : IDecoder
    {
        /// <summary>What A is multiplied by: 2¹¹².</summary>
        public const float Scale = 5.192296858534828e33f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index)
            => ((Vector512.WidenLower(Vector256.Load((short*)row + index).ToVector512Unsafe()) << 13) & Vector512.Create(unchecked((int)0x8FFF_E000))).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index)
            => ((Vector256.WidenLower(Vector128.Load((short*)row + index).ToVector256Unsafe()) << 13) & Vector256.Create(unchecked((int)0x8FFF_E000))).AsSingle();

        public static float Load(byte* row, int index) => BitConverter.Int32BitsToSingle((((short*)row)[index] << 13) & unchecked((int)0x8FFF_E000));
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
