using BenchmarkDotNet.Attributes;
using Warble.Tensors.Kernels;

namespace Warble.Bench.Kernels;

/// <summary>Row softmax: attention rows (1500 keys) and one vocabulary row (51865 logits), per ISA path.</summary>
public class SoftmaxBenchmarks
{
    private float[] x = [];
    private float[] y = [];

    [Params(1500, 51865)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = BenchData.Random(new Random(2), 8 * N, 10f);
        y = new float[x.Length];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Softmax.Reference(x, N, y, log: false);

    [Benchmark]
    public void Scalar() => Softmax.ApplyScalar(x, N, y, log: false);

    [Benchmark]
    public void Vector128() => Softmax.ApplyAt(x, N, y, log: false, 4);

    [Benchmark]
    public void Vector256() => Softmax.ApplyAt(x, N, y, log: false, 8);

    [Benchmark]
    public void Vector512() => Softmax.ApplyAt(x, N, y, log: false, 16);
}
