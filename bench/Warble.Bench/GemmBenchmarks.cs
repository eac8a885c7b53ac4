using BenchmarkDotNet.Attributes;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>The encoder-sized products (Whisper base/small MLP and attention projections), per ISA path, against OpenBLAS.</summary>
public class GemmBenchmarks
{
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];
    private WeightMatrix _w;
    private WorkerPool _pool = WorkerPool.Shared;

    [Params("1500x384x1536", "1500x1024x4096")]
    public string Shape { get; set; } = "1500x384x1536";

    [Params(1, 2)]
    public int Threads { get; set; } = 2;

    private int M => int.Parse(Shape.Split('x')[0]);

    private int K => int.Parse(Shape.Split('x')[1]);

    private int N => int.Parse(Shape.Split('x')[2]);

    [GlobalSetup]
    public void Setup()
    {
        _a = BenchData.Random(M * K, 1);
        _b = BenchData.Random(N * K, 2);
        _c = new float[M * N];
        _w = WeightMatrix.FromFloats(_b, N, K);
        _pool = new WorkerPool(Threads);
        if (OpenBlas.IsAvailable)
        {
            OpenBlas.SetThreadCount(Threads);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark]
    public void Vector512() => Run(GemmPath.Vector512);

    [Benchmark]
    public void Vector256() => Run(GemmPath.Vector256);

    [Benchmark]
    public void Vector128() => Run(GemmPath.Vector128);

    /// <summary>OpenBLAS's cblas_sgemm on the same operands; does nothing when the library is missing.</summary>
    [Benchmark]
    public void OpenBlasSgemm()
    {
        if (OpenBlas.IsAvailable)
        {
            OpenBlas.MultiplyTransposed(_a, M, _b, N, K, _c);
        }
    }

    private void Run(GemmPath path)
    {
        if (GemmPaths.IsSupported(path))
        {
            MatMul.MultiplyTransposed(_a, K, M, _w, _c, N, default, accumulate: false, new GemmSettings(path, _pool));
        }
    }
}
