using BenchmarkDotNet.Running;
using Warble.Bench;
using Warble.Bench.Formats;

return args switch
{
    ["compare-openblas", ..] => CompareOpenBlas.Run(),
    ["large-gguf", var path] => LargeGgufFile.Run(path),
    ["gemv-dram", ..] => GemvDram.Run(args),
    ["steady-decode", ..] => SteadyDecode.Run(args),
    ["batched-vad", ..] => BatchedVad.Run(args),
    ["batched-files", ..] => BatchedFiles.Run(args),
    ["encoder-attention", ..] => EncoderAttention.Run(args),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(CompareOpenBlas).Assembly).Run(args);
    return 0;
}
