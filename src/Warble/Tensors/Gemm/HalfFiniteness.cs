using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Whether an f16 weight matrix holds no infinity or NaN, found by one scan on first use and then kept: the one-row
/// kernel reads such matrices as raw bit patterns (<see cref="RowDecoders.F16Raw"/>), which only finite halves allow.
/// Shared by every copy of the <see cref="WeightMatrix"/>; two threads that race to scan find the same answer.
/// </summary>
internal sealed class HalfFiniteness
{
    private const int Unknown = 0, Finite = 1, NotFinite = 2;

    private int state;

    public bool AllFinite(ReadOnlySpan<byte> data)
    {
        if (state == Unknown)
        {
            state = Scan(MemoryMarshal.Cast<byte, ushort>(data)) ? Finite : NotFinite;
        }

        return state == Finite;
    }

    /// <summary>True when no half has the all-ones exponent (0x7C00) of infinities and NaNs.</summary>
    internal static bool Scan(ReadOnlySpan<ushort> halves)
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
}
