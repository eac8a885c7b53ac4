using System.Globalization;

namespace Warble.Tests.Formats;

/// <summary>
/// How many inputs a fuzz test runs: its small default, or WARBLE_FUZZ_COUNT for a long run; WARBLE_FUZZ_SECONDS, when
/// set, also ends each target's run after that many seconds, for a long run that must fit a time slot (the test reports
/// the exact count it reached).
/// </summary>
internal static class FuzzCount
{
    public const string Variable = "WARBLE_FUZZ_COUNT";

    public const string SecondsVariable = "WARBLE_FUZZ_SECONDS";

    /// <summary>The time each target may run, or <see cref="TimeSpan.MaxValue"/> when unset.</summary>
    public static TimeSpan Budget =>
        int.TryParse(Environment.GetEnvironmentVariable(SecondsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.MaxValue;

    public static int FromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
            ? count
            : fallback;
}
