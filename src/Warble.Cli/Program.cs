using System.CommandLine;
using Warble.Cli;
using Warble.Cli.Commands;

var root = new RootCommand("warble: local speech-to-text (Whisper and Parakeet) on the CPU");
root.Subcommands.Add(TranscribeCommand.Create());
root.Subcommands.Add(StageCommands.Features());
root.Subcommands.Add(StageCommands.Encode());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());

return CommandLineHost.Run(root, args);
