using System.CommandLine;

namespace Warble.Cli;

/// <summary>
/// Runs the command tree with the exit-code contract: 0 success, 1 a failure reported in one
/// line (bad file, bad model), 2 a usage error (unknown command or option, bad value), 130 cancelled.
/// </summary>
internal static class CommandLineHost
{
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Cancelled = 130;

    public static int Run(Command root, string[] args)
    {
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"warble: {error.Message}");
            }

            foreach (string suggestion in CommandSuggestions.For(parsed))
            {
                Console.Error.WriteLine($"warble: {suggestion}");
            }

            Console.Error.WriteLine("Run 'warble --help' for usage.");
            return UsageError;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, cancellation.Token)
                .GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"warble: {e.Message}");
            Console.Error.WriteLine("Run 'warble --help' for usage.");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("warble: cancelled");
            return Cancelled;
        }
        catch (Exception e) when (UserErrors.IsUserError(e))
        {
            Console.Error.WriteLine($"warble: {e.Message}");
            return Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
