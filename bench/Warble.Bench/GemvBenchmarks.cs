using BenchmarkDotNet.Attributes;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>Decode-time products (one token through a 1024 → 4096 MLP layer), per stored dtype and ISA path.</summary>
public class GemvBenchmarks
{
    private const int K = 1024, N = 4096;
    private float[] _a = [];
    private float[] _c = [];
    private WeightMatrix _w;
    private WorkerPool _pool = WorkerPool.Shared;

    [Params("f32", "f16", "bf16", "q8_0")]
    public string DType { get; set; } = "f16";

    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    [GlobalSetup]
    public void Setup()
    {
        DTypeInfo.TryParse(DType, out DType type);
        _a = BenchData.Random(K, 1);
        _c = new float[N];
        _w = BenchData.Weights(type, N, K, 2);
        _pool = new WorkerPool(Threads);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

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
            MatMul.MultiplyTransposed(_a, K, 1, _w, _c, N, default, accumulate: false, new GemmSettings(path, _pool));
        }
    }
}
