using System.CommandLine;

namespace Warble.Cli.Commands;

/// <summary>`warble bench`: micro and model benchmarks (minimum/median of several runs).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Time kernels and models on this machine");
        bench.Subcommands.Add(BenchGemmCommand.Create());
        bench.Subcommands.Add(BenchWhisperCommand.Create());
        bench.Subcommands.Add(BenchParakeetCommand.Create());
        return bench;
    }
}
