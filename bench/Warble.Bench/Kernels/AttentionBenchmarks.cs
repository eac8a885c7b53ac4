using BenchmarkDotNet.Attributes;
using Warble.Tensors.Kernels;

namespace Warble.Bench.Kernels;

/// <summary>
/// Whisper-base cross-attention (8 heads × 64, 1500 keys): one decode step and a 64-token prompt. The
/// fast path's products go through MatMul, so it speeds up with the GEMM; its ISA paths are Softmax's.
/// </summary>
public class AttentionBenchmarks
{
    private const int Heads = 8;
    private const int HeadDim = 64;
    private const int Keys = 1500;
    private float[] q = [];
    private float[] k = [];
    private float[] v = [];
    private float[] output = [];
    private KeyValueCache cache = null!;

    [Params(1, 64)]
    public int Queries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(4);
        q = BenchData.Random(rng, Queries * Heads * HeadDim);
        k = BenchData.Random(rng, Keys * Heads * HeadDim);
        v = BenchData.Random(rng, Keys * Heads * HeadDim);
        output = new float[q.Length];
        cache = new KeyValueCache(Heads, HeadDim, Keys);
        cache.Append(k, v);
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Attention.Reference(q, k, v, Heads, HeadDim, default, causal: false, output);

    [Benchmark]
    public void WithCache() => Attention.Apply(q, cache, default, causal: false, output);
}
