using System.CommandLine;
using Warble.Cli.Commands;

namespace Warble.Cli;

/// <summary>The `warble` command tree.</summary>
internal static class CliApp
{
    public static Command CreateRoot()
    {
        var root = new WarbleRootCommand("warble: local speech-to-text (Whisper and Parakeet) on the CPU");
        root.Subcommands.Add(TranscribeCommand.Create());
        root.Subcommands.Add(StageCommands.Features());
        root.Subcommands.Add(StageCommands.Encode());
        root.Subcommands.Add(DecodeCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(VadCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(ModelsCommand.Create());
        return root;
    }

    /// <summary>Runs one command line in-process (tests use this).</summary>
    public static int Run(params string[] args) => CommandLineHost.Run(CreateRoot(), args);
}
