using Spectre.Console;

namespace Warble.Cli.Commands;

/// <summary>
/// The progress bar of long work (transcriptions, model pulls): drawn on standard error with Spectre.Console, only
/// when standard error is a terminal and --quiet is not given, so pipes and logs never receive it.
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Whether to draw a bar: never with --quiet, never into a pipe or file, never on a dumb terminal.</summary>
    public static bool IsEnabled(bool quiet, bool stderrIsTerminal, string? term) => !quiet && stderrIsTerminal && term != "dumb";

    /// <summary>Whether to draw a bar in this process.</summary>
    public static bool IsEnabled(bool quiet) => IsEnabled(quiet, !Console.IsErrorRedirected, Environment.GetEnvironmentVariable("TERM"));

    /// <summary>Runs <paramref name="work"/> under a bar on standard error, or with null when the bar is off.</summary>
    public static async Task<T> RunAsync<T>(bool enabled, Func<IAnsiConsole?, ProgressContext?, Task<T>> work)
    {
        if (!enabled)
        {
            return await work(null, null).ConfigureAwait(false);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(context => work(console, context))
            .ConfigureAwait(false);
    }
}
