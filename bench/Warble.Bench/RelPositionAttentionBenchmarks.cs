using BenchmarkDotNet.Attributes;
using Warble.Models.Parakeet;
using Warble.Tensors.Gemm.Int8;

namespace Warble.Bench;

/// <summary>
/// One Parakeet 0.6b self-attention (8 heads of 128) over T frames: full Transformer-XL attention, in f32 and in int8
/// (f32 too without AVX-VNNI), against the banded local attention of NeMo's [128, 128]. The baseline is the full kernel, not the scalar reference, which takes
/// minutes at these lengths; the scalar references are checked in the tests.
/// </summary>
public class RelPositionAttentionBenchmarks
{
    private const int Heads = 8, D = 1024;
    private static readonly AttContextSize Context = new(128, 128);
    private float[] _q = [], _k = [], _v = [], _fullPos = [], _localPos = [], _u = [], _w = [], _output = [];
    private RelPositionAttentionScratch? _full;
    private RelPositionLocalAttentionScratch? _local;

    /// <summary>Encoder frames: 1 and 4 minutes of audio.</summary>
    [Params(750, 3000)]
    public int Frames { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_q, _k, _v) = (BenchData.Random(Frames * D, 1), BenchData.Random(Frames * D, 2), BenchData.Random(Frames * D, 3));
        _fullPos = BenchData.Random(((2 * Frames) - 1) * D, 4);
        _localPos = BenchData.Random(Context.ClampedTo(Frames).Positions * D, 5);
        (_u, _w, _output) = (BenchData.Random(D, 6), BenchData.Random(D, 7), new float[Frames * D]);
        _full = new RelPositionAttentionScratch(Heads, D / Heads, Frames);
        _local = new RelPositionLocalAttentionScratch(Heads, D / Heads, Frames, Context);
    }

    [Benchmark(Baseline = true)]
    public void Full() => RelPositionAttention.Apply(_q, _k, _v, _fullPos, _u, _w, Frames, Frames, Heads, _full!, _output);

    [Benchmark]
    public void FullInt8()
    {
        using Int8Compute.Scope scope = Int8Compute.Use(ComputePrecision.Int8);
        using Int8Compute.Scope region = Int8Compute.Region();
        RelPositionAttention.Apply(_q, _k, _v, _fullPos, _u, _w, Frames, Frames, Heads, _full!, _output);
    }

    [Benchmark]
    public void Local128() => RelPositionLocalAttention.Apply(_q, _k, _v, _localPos, _u, _w, Frames, Frames, Heads, Context, _local!, _output);
}
