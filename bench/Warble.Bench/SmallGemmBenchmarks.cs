using BenchmarkDotNet.Attributes;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>A small product where the scalar reference is still quick enough to serve as the baseline.</summary>
public class SmallGemmBenchmarks
{
    private const int M = 24, K = 64, N = 96;
    private readonly WorkerPool _pool = new(1);
    private float[] _a = [];
    private float[] _c = [];
    private WeightMatrix _w;

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Random(M * K, 1);
        _c = new float[M * N];
        _w = WeightMatrix.FromFloats(BenchData.Random(N * K, 2), N, K);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true)]
    public void Reference() => MatMul.MultiplyTransposedReference(_a, M, _w, _c);

    [Benchmark]
    public void Vector512() => Run(GemmPath.Vector512);

    [Benchmark]
    public void Vector256() => Run(GemmPath.Vector256);

    [Benchmark]
    public void Vector128() => Run(GemmPath.Vector128);

    private void Run(GemmPath path)
    {
        if (GemmPaths.IsSupported(path))
        {
            MatMul.MultiplyTransposed(_a, K, M, _w, _c, N, default, accumulate: false, new GemmSettings(path, _pool));
        }
    }
}
