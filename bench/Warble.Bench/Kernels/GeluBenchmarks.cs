using BenchmarkDotNet.Attributes;
using Warble.Tensors.Kernels;
using Warble.Tensors.Simd;
using Warble.Tensors.Simd.Operators;

namespace Warble.Bench.Kernels;

/// <summary>GELU over one Whisper-base MLP activation (1500 × 2048), per ISA path.</summary>
public class GeluBenchmarks
{
    private float[] x = [];
    private float[] y = [];

    [GlobalSetup]
    public void Setup()
    {
        x = BenchData.Random(new Random(3), 1500 * 2048, 5f);
        y = new float[x.Length];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => Gelu.Reference(x, y);

    [Benchmark]
    public void Scalar() => UnaryDriver.ApplyAt<GeluOperator>(x, y, 1);

    [Benchmark]
    public void Vector128() => UnaryDriver.ApplyAt<GeluOperator>(x, y, 4);

    [Benchmark]
    public void Vector256() => UnaryDriver.ApplyAt<GeluOperator>(x, y, 8);

    [Benchmark]
    public void Vector512() => UnaryDriver.ApplyAt<GeluOperator>(x, y, 16);
}
