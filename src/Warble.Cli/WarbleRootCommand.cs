using System.CommandLine;
using System.CommandLine.Help;

namespace Warble.Cli;

/// <summary>
/// The root command, named `warble` whatever the executable is called: RootCommand takes its name from the entry
/// assembly, which an installed dotnet tool runs as Warble.Cli.dll, so help said `Usage: Warble.Cli`.
/// </summary>
internal sealed class WarbleRootCommand : Command
{
    public WarbleRootCommand(string description)
        : base("warble", description)
    {
        Options.Add(new HelpOption());
        Options.Add(new VersionOption());
    }
}
