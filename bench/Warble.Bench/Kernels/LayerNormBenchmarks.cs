using BenchmarkDotNet.Attributes;
using Warble.Tensors.Kernels;

namespace Warble.Bench.Kernels;

/// <summary>LayerNorm over Whisper-shaped rows (1500 frames of n_audio_state), per ISA path.</summary>
public class LayerNormBenchmarks
{
    private float[] x = [];
    private float[] gamma = [];
    private float[] beta = [];
    private float[] y = [];

    [Params(384, 1280)]
    public int D { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        x = BenchData.Random(rng, 1500 * D);
        gamma = BenchData.Random(rng, D);
        beta = BenchData.Random(rng, D);
        y = new float[x.Length];
    }

    [Benchmark(Baseline = true)]
    public void Reference() => LayerNorm.Reference(x, gamma, beta, 1e-5f, y);

    [Benchmark]
    public void Scalar() => LayerNorm.ApplyScalar(x, gamma, beta, 1e-5f, y);

    [Benchmark]
    public void Vector128() => LayerNorm.ApplyAt(x, gamma, beta, 1e-5f, y, 4);

    [Benchmark]
    public void Vector256() => LayerNorm.ApplyAt(x, gamma, beta, 1e-5f, y, 8);

    [Benchmark]
    public void Vector512() => LayerNorm.ApplyAt(x, gamma, beta, 1e-5f, y, 16);
}
