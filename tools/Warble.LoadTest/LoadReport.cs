using System.Globalization;
using System.Text;

namespace Warble.LoadTest;

/// <summary>One row of the load table, from a run's outcomes and the server's memory.</summary>
internal sealed record LoadReport(int Clients, IReadOnlyList<Outcome> Outcomes, TimeSpan Wall, double PeakRssMiB, double SettledRssMiB,
    double SettledHeapMiB, int LeftInFlight)
{
    public const string Header =
        "| K | requests | ok | mismatch | 429 | hung up | hung | failed | audio s / wall s | p50 s | p95 s | p99 s | peak RSS MiB | RSS after MiB | GC heap after MiB | in flight after |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    public string Row()
    {
        TimeSpan[] latencies = [.. Outcomes.Where(o => o.Kind == OutcomeKind.Ok).Select(o => o.Latency).Order()];
        double audio = Outcomes.Where(o => o.Kind == OutcomeKind.Ok).Sum(o => o.AudioSeconds);
        var row = new StringBuilder();
        row.Append(CultureInfo.InvariantCulture, $"| {Clients} | {Outcomes.Count} | {Count(OutcomeKind.Ok)} | {Count(OutcomeKind.Mismatch)} | {Count(OutcomeKind.Rejected)} ");
        row.Append(CultureInfo.InvariantCulture, $"| {Count(OutcomeKind.Disconnected)} | {Count(OutcomeKind.Hung)} | {Count(OutcomeKind.Failed)} | {audio / Wall.TotalSeconds:0.0} ");
        row.Append(CultureInfo.InvariantCulture, $"| {Percentile(latencies, 0.50):0.00} | {Percentile(latencies, 0.95):0.00} | {Percentile(latencies, 0.99):0.00} ");
        row.Append(CultureInfo.InvariantCulture, $"| {PeakRssMiB:0} | {SettledRssMiB:0} | {SettledHeapMiB:0} | {LeftInFlight} |");
        return row.ToString();
    }

    private int Count(OutcomeKind kind) => Outcomes.Count(o => o.Kind == kind);

    private static double Percentile(TimeSpan[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)].TotalSeconds;
}
