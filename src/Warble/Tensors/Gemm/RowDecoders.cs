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

        /// <summary>The activations that <see cref="MultiplyAdd512"/> pairs the weights with.</summary>
        static abstract float* Activations(in GemmTask task);

        /// <summary>
        /// <paramref name="accumulator"/> + the 16 weights from <paramref name="index"/> times <paramref name="a"/>
        /// (read from <see cref="Activations"/>); <paramref name="exactA"/> points at the same 16 values of
        /// <see cref="GemmTask.A"/> itself.
        /// </summary>
        static abstract Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, float* exactA, Vector512<float> accumulator);
    }

    internal readonly struct F32 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => Vector512.Load((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => Vector256.Load((float*)row + index);

        public static float Load(byte* row, int index) => ((float*)row)[index];

        public static float* Activations(in GemmTask task) => task.A;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, float* exactA, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);
    }

    internal readonly struct F16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => HalfConversion.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => HalfConversion.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => (float)((Half*)row)[index];

        public static float* Activations(in GemmTask task) => task.A;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, float* exactA, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);
    }

    /// <summary>
    /// f16 read as 2⁻¹¹² times its value, which takes a shift and a mask and nothing else: the sign lands in bit 31
    /// and exponent and mantissa in bits 27..13, so a normal half's exponent e becomes e − 127 instead of e − 15. The
    /// activations are A × 2¹¹² (<see cref="GemmTask.AScaled"/>, exact while |A| &lt; 2¹⁶), so every product is the
    /// general kernel's. Half the instructions of <see cref="F16"/>. A subnormal half would come out as an f32
    /// denormal, and a multiply with a denormal input costs a microcode assist on Intel cores (random weights of a
    /// real model's spread, 0.2 % subnormal, made the Whisper logits 1.6× slower), so 16 values that hold one, or a
    /// zero, are converted exactly and meet the unscaled activations instead. Loads are exact conversions.
    /// </summary>
    internal readonly struct F16Raw : IDecoder
    {
        /// <summary>What A is multiplied by: 2¹¹².</summary>
        public const float Scale = 5.192296858534828e33f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => F16.Load512(row, index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => F16.Load256(row, index);

        public static float Load(byte* row, int index) => F16.Load(row, index);

        public static float* Activations(in GemmTask task) => task.AScaled;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, float* exactA, Vector512<float> accumulator)
        {
            Vector512<int> s = Vector512.WidenLower(Vector256.Load((short*)row + index).ToVector512Unsafe());
            Vector512<float> w = ((s << 13) & Vector512.Create(unchecked((int)0x8FFF_E000))).AsSingle();
            if (Vector512.EqualsAny(s & Vector512.Create(0x7C00), Vector512<int>.Zero))
            {
                w = F16.Load512(row, index);
                a = Vector512.Load(exactA);
            }

            return Vector512.FusedMultiplyAdd(w, a, accumulator);
        }
    }

    internal readonly struct BF16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => BFloat16Bits.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => BFloat16Bits.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => BFloat16Bits.ToSingle(((ushort*)row)[index]);

        public static float* Activations(in GemmTask task) => task.A;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, float* exactA, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);
    }
}
