using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;

namespace Warble.Tensors.Gemm;

/// <summary>
/// What the one-row f16 kernel (<see cref="RowDecoders.F16Rebiased"/>) needs to know of a matrix, found by one scan
/// on first use: whether every half is finite, and where the halves with a zero exponent (zeros and subnormals) are,
/// whose value that kernel gets wrong by up to 2⁻¹⁴ and then corrects, one listed half at a time. Trained weights hold
/// about 0.1–0.2 % subnormal halves and few zeros. Arrays are pinned: kernels read them through pointers.
/// </summary>
internal sealed class HalfProfile
{
    private static readonly HalfProfile NotFinite = new(false, false, [], [], [], []);

    private static readonly HalfProfile Crowded = new(true, false, [], [], [], []);

    /// <summary>Above this share of zero-exponent halves (one in 64) the corrections cost more than the kernel saves.</summary>
    private const int MaxZeroExponentShare = 64;

    private HalfProfile(bool allFinite, bool suitsRebiasing, int[] rowStarts, int[] rows, int[] columns, float[] corrections)
    {
        AllFinite = allFinite;
        SuitsRebiasing = suitsRebiasing;
        ZeroExponentRowStarts = rowStarts;
        ZeroExponentRows = rows;
        ZeroExponentColumns = columns;
        ZeroExponentCorrections = corrections;
    }

    public bool AllFinite { get; }

    /// <summary>All finite, and few enough zero-exponent halves for <see cref="RowDecoders.F16Rebiased"/>.</summary>
    public bool SuitsRebiasing { get; }

    /// <summary>
    /// Row r's halves with a zero exponent are at the columns
    /// <c>ZeroExponentColumns[ZeroExponentRowStarts[r] .. ZeroExponentRowStarts[r + 1]]</c>, ascending.
    /// </summary>
    public int[] ZeroExponentRowStarts { get; }

    public int[] ZeroExponentColumns { get; }

    /// <summary>The row of each listed half, so that a range of rows is corrected in one flat loop over its entries.</summary>
    public int[] ZeroExponentRows { get; }

    /// <summary>
    /// Exact value minus <see cref="HalfConversion.RebiasNormal(short)"/>'s for each listed half in the vector part
    /// of its row (the first columns &amp; ~15); 0 for one in the scalar tail, which the kernels convert exactly.
    /// </summary>
    public float[] ZeroExponentCorrections { get; }

    /// <summary>
    /// Scans <paramref name="rows"/> rows of <paramref name="columns"/> halves; stops at the first infinity or NaN,
    /// and stops listing (a matrix of zeros would list every weight) once the list passes the share that suits rebiasing.
    /// </summary>
    public static HalfProfile Scan(ReadOnlySpan<ushort> halves, int rows, int columns)
    {
        int[] starts = GC.AllocateUninitializedArray<int>(rows + 1, pinned: true);
        var found = new List<int>();
        long limit = (long)rows * columns / MaxZeroExponentShare;
        for (int r = 0; r < rows; r++)
        {
            starts[r] = found.Count;
            if (!ScanRow(halves.Slice(r * columns, columns), found))
            {
                return NotFinite;
            }

            if (found.Count > limit)
            {
                return NoInfinityOrNaN(halves[((r + 1) * columns)..(rows * columns)]) ? Crowded : NotFinite;
            }
        }

        starts[rows] = found.Count;
        int[] zeroExponents = GC.AllocateUninitializedArray<int>(found.Count, pinned: true);
        found.CopyTo(zeroExponents);
        int[] entryRows = GC.AllocateUninitializedArray<int>(found.Count, pinned: true);
        float[] corrections = GC.AllocateUninitializedArray<float>(found.Count, pinned: true);
        int vectorColumns = columns & ~15;
        for (int r = 0; r < rows; r++)
        {
            for (int e = starts[r]; e < starts[r + 1]; e++)
            {
                short half = (short)halves[(r * columns) + zeroExponents[e]];
                entryRows[e] = r;
                corrections[e] = zeroExponents[e] < vectorColumns
                    ? HalfConversion.ToSingle((ushort)half) - HalfConversion.RebiasNormal(half)
                    : 0f;
            }
        }

        return new HalfProfile(true, true, starts, entryRows, zeroExponents, corrections);
    }

    /// <summary>True when no half has the all-ones exponent (0x7C00) of infinities and NaNs.</summary>
    private static bool NoInfinityOrNaN(ReadOnlySpan<ushort> halves)
    {
        var exponent = Vector512.Create((ushort)0x7C00);
        int i = 0;
        for (; i <= halves.Length - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
        {
            if (Vector512.EqualsAny(Vector512.Create(halves.Slice(i, Vector512<ushort>.Count)) & exponent, exponent))
            {
                return false;
            }
        }

        for (; i < halves.Length; i++)
        {
            if ((halves[i] & 0x7C00) == 0x7C00)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Adds the row's zero-exponent columns to <paramref name="found"/>; false at an infinity or NaN.</summary>
    private static bool ScanRow(ReadOnlySpan<ushort> row, List<int> found)
    {
        var exponent = Vector512.Create((ushort)0x7C00);
        int i = 0;
        for (; i <= row.Length - Vector512<ushort>.Count; i += Vector512<ushort>.Count)
        {
            Vector512<ushort> e = Vector512.Create(row.Slice(i, Vector512<ushort>.Count)) & exponent;
            // Exponent all ones (inf/NaN) or all zeros (zero/subnormal): list them one by one.
            if (Vector512.EqualsAny(e, exponent) || Vector512.EqualsAny(e, Vector512<ushort>.Zero))
            {
                if (!ScanScalar(row, i, i + Vector512<ushort>.Count, found))
                {
                    return false;
                }
            }
        }

        return ScanScalar(row, i, row.Length, found);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool ScanScalar(ReadOnlySpan<ushort> row, int from, int to, List<int> found)
    {
        for (int i = from; i < to; i++)
        {
            int e = row[i] & 0x7C00;
            if (e == 0x7C00)
            {
                return false;
            }

            if (e == 0)
            {
                found.Add(i);
            }
        }

        return true;
    }

    /// <summary>The profile of f16 weight bytes [rows, columns].</summary>
    public static HalfProfile Scan(ReadOnlySpan<byte> data, int rows, int columns) =>
        Scan(MemoryMarshal.Cast<byte, ushort>(data), rows, columns);
}
