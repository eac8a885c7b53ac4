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

        /// <summary><paramref name="accumulator"/> + the 16 weights from <paramref name="index"/> times <paramref name="a"/> (read from <see cref="Activations"/>).</summary>
        static abstract Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator);

        /// <summary>Whether <see cref="MultiplyAdd512"/> leaves out subnormal weights, for <see cref="Subnormals"/> to add.</summary>
        static abstract bool SkipsSubnormals { get; }

        /// <summary>The products of weight row <paramref name="row"/>'s subnormal halves with <see cref="GemmTask.A"/>.</summary>
        static abstract float Subnormals(in GemmTask task, int row);
    }

    internal readonly struct F32 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => Vector512.Load((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => Vector256.Load((float*)row + index);

        public static float Load(byte* row, int index) => ((float*)row)[index];

        public static float* Activations(in GemmTask task) => task.A;

        public static bool SkipsSubnormals => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Subnormals(in GemmTask task, int row) => 0f;
    }

    internal readonly struct F16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => HalfConversion.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => HalfConversion.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => (float)((Half*)row)[index];

        public static float* Activations(in GemmTask task) => task.A;

        public static bool SkipsSubnormals => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Subnormals(in GemmTask task, int row) => 0f;
    }

    /// <summary>
    /// f16 read as 2⁻¹¹² times its value, which takes a shift and a mask and nothing else: the sign lands in bit 31
    /// and exponent and mantissa in bits 27..13, so a normal half's exponent e becomes e − 127 instead of e − 15. The
    /// activations are A × 2¹¹² (<see cref="GemmTask.AScaled"/>, exact while |A| &lt; 2¹⁶), so each product is exact
    /// as in the general kernel, in half its instructions. A subnormal half would come out as an f32 denormal, and a
    /// multiply with a denormal input costs a microcode assist on Intel cores (0.2 % subnormal weights, as trained
    /// weights have, made the Whisper logits 1.6× slower): lanes with a zero exponent are zeroed before the multiply
    /// (no branch), and <see cref="Subnormals"/> adds the subnormal products from the matrix's
    /// <see cref="HalfProfile"/>. Loads are exact conversions.
    /// </summary>
    internal readonly struct F16Raw : IDecoder
    {
        /// <summary>What A is multiplied by: 2¹¹².</summary>
        public const float Scale = 5.192296858534828e33f;

        public static bool SkipsSubnormals => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => F16.Load512(row, index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => F16.Load256(row, index);

        public static float Load(byte* row, int index) => F16.Load(row, index);

        public static float* Activations(in GemmTask task) => task.AScaled;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
        {
            Vector512<int> s = Vector512.WidenLower(Vector256.Load((short*)row + index).ToVector512Unsafe());
            Vector512<int> normal = ~Vector512.Equals(s & Vector512.Create(0x7C00), Vector512<int>.Zero);
            Vector512<float> w = ((s << 13) & Vector512.Create(unchecked((int)0x8FFF_E000)) & normal).AsSingle();
            return Vector512.FusedMultiplyAdd(w, a, accumulator);
        }

        /// <summary>Columns past the last whole vector are the scalar tail's, which converts them exactly.</summary>
        public static float Subnormals(in GemmTask task, int row)
        {
            float sum = 0;
            ushort* halves = (ushort*)task.W + ((nint)row * task.K);
            int whole = task.K & ~15;
            for (int e = task.SubnormalRowStarts[row], end = task.SubnormalRowStarts[row + 1]; e < end && task.SubnormalColumns[e] < whole; e++)
            {
                int column = task.SubnormalColumns[e];
                sum += HalfConversion.ToSingle(halves[column]) * task.A[column];
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

        public static float* Activations(in GemmTask task) => task.A;

        public static bool SkipsSubnormals => false;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> MultiplyAdd512(byte* row, int index, Vector512<float> a, Vector512<float> accumulator)
            => Vector512.FusedMultiplyAdd(Load512(row, index), a, accumulator);

        public static float Subnormals(in GemmTask task, int row) => 0f;
    }
}
