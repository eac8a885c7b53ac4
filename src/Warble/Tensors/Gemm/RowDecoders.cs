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

        /// <summary><paramref name="accumulator"/> + the 16 weights from <paramref name="index"/> times <paramref name="a"/>.</summary>
        static abstract Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator);

        /// <summary>Whether <see cref="MultiplyAdd512"/> gets some weights wrong, for <see cref="Correction"/> to put right.</summary>
        static abstract bool Corrects { get; }

        /// <summary>What weight row <paramref name="row"/>'s dot with <see cref="GemmTask.A"/> lacks after <see cref="MultiplyAdd512"/>.</summary>
        static abstract float Correction(in GemmTask task, int row);
    }

    internal readonly struct F32 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => Vector512.Load((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => Vector256.Load((float*)row + index);

        public static float Load(byte* row, int index) => ((float*)row)[index];

        public static bool Corrects => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Correction(in GemmTask task, int row) => 0f;
    }

    internal readonly struct F16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => HalfConversion.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => HalfConversion.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => (float)((Half*)row)[index];

        public static bool Corrects => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Correction(in GemmTask task, int row) => 0f;
    }

    /// <summary>
    /// f16 with a normal exponent, in three integer operations: sign-extend, shift sign, exponent and mantissa into
    /// their f32 places (the sign into bit 31, the rest into bits 27..13) and add 127 − 15 to the exponent, exact for
    /// every normal half (the general conversion, <see cref="F16"/>, also tests for the other kinds and branches,
    /// which made it compute-bound in one-row products). A half with a zero exponent, a zero or a subnormal, comes out
    /// as ±2⁻¹⁵·(1 + m/2¹⁰), a normal float, never an f32 denormal (a multiply with a denormal input costs a
    /// microcode assist on Intel cores; feeding subnormal weights in as denormals made the Whisper logits 1.6×
    /// slower). <see cref="Correction"/> adds (exact − rebiased)·a for each of them, from the matrix's
    /// <see cref="HalfProfile"/>. The caller checks that the matrix holds no infinity or NaN.
    /// </summary>
    internal readonly struct F16Rebiased : IDecoder
    {
        public static bool Corrects => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => F16.Load512(row, index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => F16.Load256(row, index);

        public static float Load(byte* row, int index) => F16.Load(row, index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
        {
            Vector512<int> s = Vector512.WidenLower(Vector256.Load((short*)row + index).ToVector512Unsafe());
            Vector512<float> w = (((s << 13) & Vector512.Create(unchecked((int)0x8FFF_E000))) + Vector512.Create(0x3800_0000)).AsSingle();
            return Vector512.FusedMultiplyAdd(w, a, accumulator);
        }

        /// <summary>
        /// (exact − rebiased value)·a for each zero-exponent half of the row. Columns past the last whole vector are
        /// the scalar tail's, which converts them exactly.
        /// </summary>
        public static float Correction(in GemmTask task, int row)
        {
            float sum = 0;
            short* halves = (short*)task.W + ((nint)row * task.K);
            int whole = task.K & ~15;
            for (int e = task.ZeroExponentRowStarts[row], end = task.ZeroExponentRowStarts[row + 1]; e < end && task.ZeroExponentColumns[e] < whole; e++)
            {
                int column = task.ZeroExponentColumns[e];
                short half = halves[column];
                float rebiased = BitConverter.Int32BitsToSingle(((half << 13) & unchecked((int)0x8FFF_E000)) + 0x3800_0000);
                sum += (HalfConversion.ToSingle((ushort)half) - rebiased) * task.A[column];
            }

            return sum;
        }
    }

    internal readonly struct BF16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => BFloat16Bits.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => BFloat16Bits.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => BFloat16Bits.ToSingle(((ushort*)row)[index]);

        public static bool Corrects => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Correction(in GemmTask task, int row) => 0f;
    }
}
