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

    public static TheoryData<string> Formats() => [.. ParserTargets.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void MutatedInputsRaiseOnlyFormatErrors(string format)
    {
        byte[] seed = ParserTargets.Seed(format);
        int iterations = FuzzCount.FromEnvironment(seed.Length > 1 << 20 ? IterationsPerLargeSeed : IterationsPerFormat);
        int runs = 0;

        // A fixed generator stream, so CI sees the same inputs every run (a failure names its iteration).
        var random = new PCG(1, 0x5EED_2026);
        var mutation = Mutations.Bytes(seed.Length);
        for (int i = 0; i < iterations; i++)
        {
            var mutations = mutation.Generate(random, null, out _);
            runs++;
            try
            {
                ParserTargets.ParseExpectingOnlyFormatErrors(format, Mutations.ApplyBytes(seed, mutations));
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{format}: iteration {i} failed", e);
            }
        }

        Assert.Equal(iterations, runs);
    }
}
