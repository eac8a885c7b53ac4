using BenchmarkDotNet.Running;
using Warble.Bench;

if (args.Length > 0 && args[0] == "compare-openblas")
{
    return CompareOpenBlas.Run();
}

BenchmarkSwitcher.FromAssembly(typeof(CompareOpenBlas).Assembly).Run(args);
return 0;
