using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Warble.Tests.Formats;

/// <summary>
/// Property: mutations of real model files and of their text configs (bytes, and for text configs values) either load
/// and build a working model or are refused with a one-line <see cref="WarbleException"/>: no other exception escapes
/// loading, model construction, tokenizer creation or the preprocessor, and nothing allocates more than the model needs.
/// </summary>
public sealed class ModelFuzzTests(ITestOutputHelper output)
{
    /// <summary>Inputs per target in CI; seeds over 1 MiB get fewer. WARBLE_FUZZ_COUNT overrides both.</summary>
    public const int IterationsPerTarget = 150;

    public const int IterationsPerLargeSeed = 25;

    public static TheoryData<string> Targets() => [.. ModelTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeedBuilds(string target) => Assert.False(ModelTargets.BuildExpectingOnlyWarbleErrors(target, ModelTargets.Seed(target)));

    [Theory]
    [MemberData(nameof(Targets))]
    public void MutatedModelsRaiseOnlyWarbleErrors(string target)
    {
        byte[] seed = ModelTargets.Seed(target);
        int iterations = FuzzCount.FromEnvironment(seed.Length > 1 << 20 ? IterationsPerLargeSeed : IterationsPerTarget);
        bool text = ModelTargets.IsText(target);
        string seedText = text ? System.Text.Encoding.UTF8.GetString(seed) : "";
        var scalars = Mutations.Scalars(seedText);
        var byteEdits = Mutations.Bytes(seed.Length);
        var valueEdits = Mutations.Values(scalars.Length);

        // A fixed generator stream, so CI sees the same inputs every run (a failure names its iteration).
        var random = new PCG(2, 0x5EED_2026);
        int refused = 0, runs = 0;
        TimeSpan budget = FuzzCount.Budget;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < iterations && clock.Elapsed < budget; i++, runs++)
        {
            byte[] input = text && i % 2 == 0
                ? Mutations.ApplyValues(seedText, scalars, valueEdits.Generate(random, null, out _))
                : Mutations.ApplyBytes(seed, byteEdits.Generate(random, null, out _));
            try
            {
                refused += ModelTargets.BuildExpectingOnlyWarbleErrors(target, input) ? 1 : 0;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                throw new InvalidOperationException($"{target}: iteration {i} failed", e);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                throw new Xunit.Sdk.XunitException($"{target}: iteration {i}: {e.Message}");
            }
        }

        output.WriteLine($"{target}: {runs} inputs ({refused} refused) in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
