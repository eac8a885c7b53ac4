using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Warble.Tensors.Kernels;

/// <summary>
/// Argument checks shared by the kernels, with the throws kept out of line (TensorPrimitives'
/// <c>ThrowHelper</c>) so that hot methods stay small.
/// </summary>
internal static class ThrowHelper
{
    /// <summary>An elementwise destination must hold the source and may alias it only exactly (in place).</summary>
    [MethodImpl(Inline.Short)]
    public static void CheckElementwise(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            ThrowShortDestination(source.Length, destination.Length);
        }

        if (source.Overlaps(destination, out int offset) && offset != 0)
        {
            ThrowPartialOverlap();
        }
    }

    /// <summary>Checks that a span holds at least <paramref name="needed"/> values.</summary>
    [MethodImpl(Inline.Short)]
    public static void CheckLength(int actual, long needed, string name)
    {
        if (actual < needed)
        {
            ThrowTooShort(name, actual, needed);
        }
    }

    /// <summary>Checks that a span holds exactly <paramref name="expected"/> values.</summary>
    [MethodImpl(Inline.Short)]
    public static void CheckExactLength(int actual, long expected, string name)
    {
        if (actual != expected)
        {
            ThrowWrongLength(name, actual, expected);
        }
    }

    /// <summary>Checks that a dimension is positive.</summary>
    [MethodImpl(Inline.Short)]
    public static void CheckPositive(int value, string name)
    {
        if (value <= 0)
        {
            ThrowNotPositive(name, value);
        }
    }

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    public static void ThrowArgument(string message) => throw new ArgumentException(message);

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    private static void ThrowShortDestination(int sourceLength, int destinationLength) =>
        throw new ArgumentException($"destination holds {destinationLength} values, fewer than the source's {sourceLength}");

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    private static void ThrowPartialOverlap() =>
        throw new ArgumentException("destination overlaps the source without being the same span");

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    private static void ThrowTooShort(string name, int actual, long needed) =>
        throw new ArgumentException($"{name} holds {actual} values, fewer than the {needed} needed");

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    private static void ThrowWrongLength(string name, int actual, long expected) =>
        throw new ArgumentException($"{name} holds {actual} values, expected {expected}");

    [DoesNotReturn]
    [MethodImpl(Inline.Cold)]
    private static void ThrowNotPositive(string name, int value) =>
        throw new ArgumentException($"{name} must be positive, got {value}");
}
