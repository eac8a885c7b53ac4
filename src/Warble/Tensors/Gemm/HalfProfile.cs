using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm;

/// <summary>
/// What the one-row f16 kernel (<see cref="RowDecoders.F16Rebiased"/>) needs to know of a matrix, found by one scan
/// on first use: whether every half is finite, and where the halves with a zero exponent (zeros and subnormals) are,
/// whose value that kernel gets wrong by 2⁻¹⁴ and then corrects row by row. Trained weights hold about 0.1–0.2 %
/// subnormal halves and few zeros. Arrays are pinned: kernels read them through pointers.
/// </summary>
internal sealed class HalfProfile
{
    private static readonly HalfProfile NotFinite = new(false, false, [], []);

    /// <summary>Above this share of zero-exponent halves (one in 64) the corrections cost more than the kernel saves.</summary>
    private const int MaxZeroExponentShare = 64;

    private HalfProfile(bool allFinite, bool suitsRebiasing, int[] rowStarts, int[] columns)
    {
        AllFinite = allFinite;
        SuitsRebiasing = suitsRebiasing;
        ZeroExponentRowStarts = rowStarts;
        ZeroExponentColumns = columns;
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

    /// <summary>Scans <paramref name="rows"/> rows of <paramref name="columns"/> halves; stops at the first infinity or NaN.</summary>
    public static HalfProfile Scan(ReadOnlySpan<ushort> halves, int rows, int columns)
    {
        int[] starts = GC.AllocateUninitializedArray<int>(rows + 1, pinned: true);
        var found = new List<int>();
        for (int r = 0; r < rows; r++)
        {
            starts[r] = found.Count;
            if (!ScanRow(halves.Slice(r * columns, columns), found))
            {
                return NotFinite;
            }
        }

        starts[rows] = found.Count;
        int[] zeroExponents = GC.AllocateUninitializedArray<int>(found.Count, pinned: true);
        found.CopyTo(zeroExponents);
        return new HalfProfile(true, (long)found.Count * MaxZeroExponentShare <= (long)rows * columns, starts, zeroExponents);
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
