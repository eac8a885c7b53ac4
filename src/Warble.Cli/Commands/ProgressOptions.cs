using System.CommandLine;

namespace Warble.Cli.Commands;

/// <summary>`--verbose` as openai-whisper's (True: print each segment as it is decoded; False: only the bar) and `--quiet` (no bar).</summary>
internal sealed class ProgressOptions
{
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print each segment as it is decoded (openai-whisper's default); --verbose false leaves only the progress bar",
        DefaultValueFactory = _ => true,
    };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "No progress bar on standard error" };

    public void AddTo(Command command)
    {
        command.Options.Add(Verbose);
        command.Options.Add(Quiet);
    }
}
