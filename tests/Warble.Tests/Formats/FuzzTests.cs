using CsCheck;

namespace Warble.Tests.Formats;

/// <summary>
/// Property: random mutations of a valid file of each format (bit flips, truncations, large
/// integers written over length fields, random bytes) are either parsed or rejected with a
/// one-line ModelFormatException, never another exception, and never a large allocation.
/// </summary>
public sealed class FuzzTests
{
    public const int IterationsPerFormat = 2000;

    /// <summary>The .nemo and checkpoint seeds are real 1.2-1.5 MB files: fewer runs keep the suite fast.</summary>
    public const int IterationsPerLargeSeed = 150;

    private static readonly ulong[] BigValues = [0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 1UL << 62, 1UL << 40, ulong.MaxValue, 0];

    public static TheoryData<string> Formats() => [.. ParserTargets.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void MutatedInputsRaiseOnlyFormatErrors(string format)
    {
        byte[] seed = ParserTargets.Seed(format);
        int iterations = seed.Length > 1 << 20 ? IterationsPerLargeSeed : IterationsPerFormat;
        int runs = 0;

        // A fixed generator stream, so CI sees the same inputs every run (a failure names its iteration).
        var random = new PCG(1, 0x5EED_2026);
        var mutation = Mutation(seed.Length);
        for (int i = 0; i < iterations; i++)
        {
            var mutations = mutation.Generate(random, null, out _);
            runs++;
            try
            {
                ParserTargets.ParseExpectingOnlyFormatErrors(format, Apply(seed, mutations));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{format}: iteration {i} failed", e);
            }
        }

        Assert.Equal(iterations, runs);
    }

    /// <summary>Up to four edits: (kind, position, value); positions favour the first 4 KiB, where headers live.</summary>
    private static Gen<(int Kind, int Position, ulong Value)[]> Mutation(int length) =>
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, length - 1], Gen.Int[0, Math.Min(length, 4096) - 1], Gen.Bool, Gen.ULong)
            .Select((kind, anywhere, early, useEarly, value) => (kind, useEarly ? early : anywhere, value))
            .Array[1, 4];

    private static byte[] Apply(byte[] seed, (int Kind, int Position, ulong Value)[] mutations)
    {
        byte[] bytes = (byte[])seed.Clone();
        foreach (var (kind, position, value) in mutations)
        {
            int at = Math.Min(position, Math.Max(bytes.Length - 1, 0));
            switch (kind)
            {
                case 0 when bytes.Length > 0:
                    bytes[at] ^= (byte)(1 << (int)(value % 8));
                    break;
                case 1:
                    bytes = bytes[..at];
                    break;
                case 2 when bytes.Length >= at + 8:
                    BitConverter.TryWriteBytes(bytes.AsSpan(at), BigValues[value % (ulong)BigValues.Length]);
                    break;
                case 3 when bytes.Length > 0:
                    bytes[at] = (byte)value;
                    break;
            }
        }

        return bytes;
    }
}
