using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Kernels;
using Warble.Tensors.Quantization;
using Warble.Tensors.Simd;

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

        /// <summary>
        /// Adds to output columns [<paramref name="j0"/>, <paramref name="j1"/>) of every row of C what the products
        /// lack when the vector loads covered columns [0, K &amp; ~15) of each weight row and the scalar
        /// <see cref="Load"/> the rest.
        /// </summary>
        static abstract void Correct(in GemmTask task, int j0, int j1);
    }

    /// <summary>
    /// Converts 16-bit stored values (the raw bits of <see cref="F16"/> or <see cref="BF16"/>) to floats, exactly, as
    /// the kernels load them: 512 bits at a time where the CPU has AVX-512, then 256, then one by one.
    /// </summary>
    public static void ToSingle<TDecoder>(ReadOnlySpan<ushort> source, Span<float> destination)
        where TDecoder : IDecoder
    {
        ThrowHelper.CheckLength(destination.Length, source.Length, nameof(destination));
        fixed (ushort* row = source)
        fixed (float* d = destination)
        {
            int n = source.Length, i = 0;
            if (SimdCapabilities.HasVector512)
            {
                for (; i <= n - 16; i += 16)
                {
                    TDecoder.Load512((byte*)row, i).Store(d + i);
                }
            }

            if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= n - 8; i += 8)
                {
                    TDecoder.Load256((byte*)row, i).Store(d + i);
                }
            }

            for (; i < n; i++)
            {
                d[i] = TDecoder.Load((byte*)row, i);
            }
        }
    }

    internal readonly struct F32 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => Vector512.Load((float*)row + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => Vector256.Load((float*)row + index);

        public static float Load(byte* row, int index) => ((float*)row)[index];

        public static void Correct(in GemmTask task, int j0, int j1)
        {
        }
    }

    internal readonly struct F16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => HalfConversion.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => HalfConversion.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => (float)((Half*)row)[index];

        public static void Correct(in GemmTask task, int j0, int j1)
        {
        }
    }

    /// <summary>
    /// f16 with a normal exponent, in three integer operations: sign-extend, shift sign, exponent and mantissa into
    /// their f32 places (the sign into bit 31, the rest into bits 27..13) and add 127 − 15 to the exponent, exact for
    /// every normal half (the general conversion, <see cref="F16"/>, also tests for the other kinds and branches,
    /// which made it compute-bound in decode products). A half with a zero exponent, a zero or a subnormal, comes
    /// out as ±2⁻¹⁵·(1 + m/2¹⁰), a normal float, never an f32 denormal (a multiply with a denormal input costs a
    /// microcode assist on Intel cores; feeding subnormal weights in as denormals made the Whisper logits 1.6×
    /// slower). <see cref="Correct"/> adds (exact − rebiased)·a for each of them, from the matrix's
    /// <see cref="HalfProfile"/>. The scalar <see cref="Load"/> is exact. The caller checks that the matrix holds no
    /// infinity or NaN.
    /// </summary>
    internal readonly struct F16Rebiased : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index)
            => HalfConversion.RebiasNormal(Vector512.WidenLower(Vector256.Load((short*)row + index).ToVector512Unsafe()));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index)
            => HalfConversion.RebiasNormal(Vector256.WidenLower(Vector128.Load((short*)row + index).ToVector256Unsafe()));

        public static float Load(byte* row, int index) => F16.Load(row, index);

        /// <summary>(exact − rebiased value)·a for each zero-exponent half in the vector part of rows [j0, j1).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Correct(in GemmTask task, int j0, int j1)
        {
            int e0 = task.ZeroExponentRowStarts[j0], e1 = task.ZeroExponentRowStarts[j1];
            if (e0 != e1)
            {
                CorrectEntries(task, e0, e1);
            }
        }

        // One flat loop over the entries with their precomputed corrections (walking row by row and converting each
        // half again: 3.1-3.3 ms of a 1×384×51865 product from memory, against 2.5-2.9). Optimized from the first
        // call: tiered compilation left the correction at tier 0 for seconds of decoding, a third of the kernel's time.
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static void CorrectEntries(in GemmTask task, int e0, int e1)
        {
            int* rows = task.ZeroExponentRows, columns = task.ZeroExponentColumns;
            float* corrections = task.ZeroExponentCorrections, a = task.A, c = task.C;
            if (task.M == 1)
            {
                for (int e = e0; e < e1; e++)
                {
                    c[rows[e]] += corrections[e] * a[columns[e]];
                }

                return;
            }

            // Every row of A at once: a weight row's corrections for all rows of A are one vector (A's columns), summed
            // in the entries' order, and eight weight rows' vectors go into C through an 8×8 transpose, a vector per row
            // of A. A lane per entry and row of A cost an eighth of an eight-row step; the same additions for every row
            // count keep a row's bits whatever rows come with it.
            int* starts = task.ZeroExponentRowStarts;
            float* aColumns = task.AColumns;
            nint ldc = task.Ldc;
            int m = task.M;
            Vector256<float>* sums = stackalloc Vector256<float>[Gemv.ColumnRows];
            float* block = stackalloc float[Gemv.ColumnRows * Gemv.ColumnRows];
            int j0 = rows[e0], j1 = rows[e1 - 1] + 1;
            for (int jb = j0; jb < j1; jb += Gemv.ColumnRows)
            {
                int count = Math.Min(Gemv.ColumnRows, j1 - jb);
                new Span<Vector256<float>>(sums, Gemv.ColumnRows).Clear();
                for (int e = starts[jb], end = starts[jb + count]; e < end; e++)
                {
                    sums[rows[e] - jb] += Vector256.Create(corrections[e]) * Vector256.Load(aColumns + (columns[e] * Gemv.ColumnRows));
                }

                if (count == Gemv.ColumnRows)
                {
                    // Straight into C's rows: the transpose's trip through a stack block cost as much as the entries.
                    Vector256Ops.TransposeAdd(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], c + jb, ldc, m);
                    continue;
                }

                Vector256Ops.TransposeStore(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7], block, Gemv.ColumnRows);
                for (int r = 0; r < m; r++)
                {
                    float* cr = c + (r * ldc) + jb;
                    for (int t = 0; t < count; t++)
                    {
                        cr[t] += block[(r * Gemv.ColumnRows) + t];
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="F16Rebiased"/> for two to eight rows of A on the Vector512 path where K is a multiple of 32, in a lane
    /// order that spares the widening shuffle: vector <c>index</c> (a multiple of 16) holds its 32-column block's even
    /// columns (index % 32 = 0) or odd columns (index % 32 = 16), as the upper halves of 32-bit lanes loaded one half
    /// before the block or at it (<see cref="HalfConversion.RebiasUpperHalves"/>: three operations on the FMA ports where
    /// the sign extension took four; eight rows of A ran 1.07× faster in L1). A is permuted to match
    /// (<see cref="Gemv.UsesColumnPairs"/>). The even columns' load reads the half before row 0, which every weight
    /// source has mapped (a file's header, an array's length, an allocation's header); a matrix that starts a page
    /// takes <see cref="F16Rebiased"/>. The scalar <see cref="Load"/> reads column <c>index</c> exactly.
    /// </summary>
    internal readonly struct F16RebiasedPairs : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index)
            => HalfConversion.RebiasUpperHalves(Vector512.Load((int*)((short*)row + (index & ~31) - 1 + ((index >> 4) & 1))));

        /// <summary>Not a lane order of the Vector256 kernels, which keep <see cref="F16Rebiased"/>.</summary>
        public static Vector256<float> Load256(byte* row, int index) => throw new NotSupportedException("column pairs are a Vector512 lane order");

        public static float Load(byte* row, int index) => F16.Load(row, index);

        public static void Correct(in GemmTask task, int j0, int j1) => F16Rebiased.Correct(task, j0, j1);
    }

    /// <summary>
    /// q8_0 blocks (an f16 scale, then 32 signed bytes) as exact floats q·d, for products of more than
    /// <see cref="Gemv.MaxRows"/> rows of A, which keep A in f32 as the packed product did. A load starts at a multiple
    /// of its width, so it never straddles a block, and reads no byte past its block.
    /// </summary>
    internal readonly struct Q8 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index)
        {
            byte* block = row + ((index >> 5) * Q8_0.BlockBytes);
            Vector128<sbyte> q = Vector128.Load((sbyte*)block + 2 + (index & 31));
            return Vector512Ops.WidenToSingle(q) * Scale(block);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index)
        {
            byte* block = row + ((index >> 5) * Q8_0.BlockBytes);
            Vector128<sbyte> q = Vector128.CreateScalarUnsafe(*(long*)(block + 2 + (index & 31))).AsSByte();
            return Vector256Ops.WidenLowerToSingle(q) * Scale(block);
        }

        public static float Load(byte* row, int index)
        {
            byte* block = row + ((index >> 5) * Q8_0.BlockBytes);
            return ((sbyte*)block)[2 + (index & 31)] * Scale(block);
        }

        /// <summary>
        /// The block's f16 scale, exactly: rebiased (three operations) where its exponent is normal, as every scale
        /// but those of blocks with all weights below 0.008 has, else the general conversion. The vector loads
        /// convert it once per 8 or 16 values, and the general conversion took a visible share of the AVX2 step.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static float Scale(byte* block)
        {
            short bits = *(short*)block;
            int exponent = bits & 0x7C00;
            return exponent != 0 && exponent != 0x7C00 ? HalfConversion.RebiasNormal(bits) : HalfConversion.ToSingle((ushort)bits);
        }

        public static void Correct(in GemmTask task, int j0, int j1)
        {
        }
    }

    internal readonly struct BF16 : IDecoder
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(byte* row, int index) => BFloat16Bits.Widen512(Vector256.Load((ushort*)row + index));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load256(byte* row, int index) => BFloat16Bits.Widen256(Vector128.Load((ushort*)row + index));

        public static float Load(byte* row, int index) => BFloat16Bits.ToSingle(((ushort*)row)[index]);

        public static void Correct(in GemmTask task, int j0, int j1)
        {
        }
    }
}
