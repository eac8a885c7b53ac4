using System.Globalization;

namespace Warble.Tests.Formats;

/// <summary>How many inputs a fuzz test runs: its small default, or WARBLE_FUZZ_COUNT for a long run.</summary>
internal static class FuzzCount
{
    public const string Variable = "WARBLE_FUZZ_COUNT";

    public static int FromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count
            : fallback;
}
