using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Kernels;
using Warble.Tensors.Simd;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

/// <summary>
/// Attention with int8 asked for (<see cref="Int8Compute"/>): blocks of more than <see cref="AttentionTask.RowQueries"/>
/// queries take Q·Kᵀ in int8 and, without mask, causality or returned weights, P·V too. Against the double reference
/// (the f32 path: NMSE below 1e-10) the output's NMSE stays below 1e-4 with Q·Kᵀ alone in int8 (measured 2e-5 to 5e-5)
/// and below 2e-3 with P·V too (measured up to 1.6e-4 at 150 keys and 7.7e-4 at 1500: the probabilities' per-row byte
/// scale rounds the small ones of a peaked row to zero); returned probabilities stay within 0.01 of the exact ones. Decode-sized calls stay f32 bit for bit, and without AVX-VNNI everything does:
/// <see cref="FeatureTestRunnerTests"/> runs <see cref="FallsBackToF32OrStaysClose"/> with AVX-VNNI switched off.
/// </summary>
public class Int8AttentionTests
{
    private const double ScoresNmse = 1e-4;

    private const double ScoresAndValuesNmse = 2e-3;

    /// <summary>(tq, tk, heads, d, causal, masked): partial tiles and panels, d not a multiple of 4 or 16, Whisper's shape.</summary>
    private static readonly (int Tq, int Tk, int Heads, int HeadDim, bool Causal, bool Masked)[] Shapes =
    [
        (9, 40, 2, 64, true, false), (100, 130, 2, 16, true, true), (97, 61, 2, 20, false, false),
        (200, 150, 3, 64, false, false), (150, 1500, 2, 64, false, false), (37, 37, 1, 7, false, true),
    ];

    [Fact]
    public void FallsBackToF32OrStaysClose()
    {
        var failures = new List<string>();
        foreach ((int tq, int tk, int heads, int dk, bool causal, bool masked) in Shapes)
        {
            var rng = new Random(91);
            int width = heads * dk;
            float[] q = Values(rng, tq * width, 2f), k = Values(rng, tk * width, 2f), v = Values(rng, tk * width, 1f);
            float[] mask = masked ? Values(rng, tq * tk, 3f) : [];
            float[] exact = new float[tq * width], int8 = new float[tq * width];
            Run(ComputePrecision.F32, q, k, v, heads, dk, mask, causal, exact);
            Run(ComputePrecision.Int8, q, k, v, heads, dk, mask, causal, int8);
            if (!VnniOps.IsSupported)
            {
                Assert.Equal(exact, int8);
                continue;
            }

            var expected = new float[tq * width];
            Attention.Reference(q, k, v, heads, dk, mask, causal, expected);
            double nmse = Gemm.GemmData.Nmse(int8, expected);
            if (nmse > (causal || masked ? ScoresNmse : ScoresAndValuesNmse))
            {
                failures.Add($"{tq}×{tk}, {heads}×{dk}, causal {causal}, masked {masked}: NMSE {nmse:G3}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    [Fact]
    public void ReturnedProbabilitiesStayClose()
    {
        const int tq = 60, tk = 90, heads = 2, dk = 64;
        var rng = new Random(92);
        float[] q = Values(rng, tq * heads * dk, 2f), k = Values(rng, tk * heads * dk, 2f), v = Values(rng, tk * heads * dk, 1f);
        Guarded output = new(tq * heads * dk), weights = new(heads * tq * tk);
        float[] expected = new float[tq * heads * dk], expectedWeights = new float[heads * tq * tk];
        Attention.Reference(q, k, v, heads, dk, default, false, expected, expectedWeights);
        using (Int8Compute.Use(ComputePrecision.Int8))
        using (Int8Compute.Region())
        {
            Attention.Apply(q, k, v, heads, dk, default, false, output.Span, weights.Span);
        }

        Close(expectedWeights, weights.Span, VnniOps.IsSupported ? 1e-2f : 1e-5f, "weights");
        Nmse(expected, output.Span, ScoresNmse, "output");
        output.CheckGuards("output");
        weights.CheckGuards("weights");
    }

    /// <summary>
    /// Every score far below zero, over keys that end inside a panel: the row's largest score must come from real keys
    /// only (the padding keys score 0), or every probability byte rounds to zero and the output is NaN. The softmax of
    /// equal scores is uniform, so the output is the values' mean.
    /// </summary>
    [Fact]
    public void AllNegativeScoresOverAPartialPanel()
    {
        const int tq = 30, tk = 61, heads = 2, dk = 64;
        var rng = new Random(95);
        float[] q = Enumerable.Repeat(3f, tq * heads * dk).ToArray(), k = Enumerable.Repeat(-3f, tk * heads * dk).ToArray();
        float[] v = Values(rng, tk * heads * dk, 1f);
        float[] expected = new float[tq * heads * dk], int8 = new float[tq * heads * dk];
        Attention.Reference(q, k, v, heads, dk, default, false, expected);
        Run(ComputePrecision.Int8, q, k, v, heads, dk, [], false, int8);
        Nmse(expected, int8, ScoresAndValuesNmse, "output");
    }

    /// <summary>Decoding's few queries (the row path) never quantise: int8 asked for gives the f32 result exactly.</summary>
    [Theory]
    [InlineData(1, 1500, 6, 64)]
    [InlineData(5, 1500, 6, 64)]
    [InlineData(8, 300, 2, 20)]
    public void DecodeSizedCallsStayF32(int tq, int tk, int heads, int dk)
    {
        var rng = new Random(93);
        int width = heads * dk;
        float[] q = Values(rng, tq * width, 2f), k = Values(rng, tk * width, 2f), v = Values(rng, tk * width, 1f);
        float[] exact = new float[tq * width], int8 = new float[tq * width];
        Run(ComputePrecision.F32, q, k, v, heads, dk, [], false, exact);
        Run(ComputePrecision.Int8, q, k, v, heads, dk, [], false, int8);
        Assert.Equal(exact, int8);
    }

    /// <summary>Outside an encoder's region (the decoders' calls) int8 asked for changes nothing, even for many queries.</summary>
    [Fact]
    public void OutsideTheEncoderRegionStaysF32()
    {
        const int tq = 64, tk = 64, heads = 2, dk = 64;
        var rng = new Random(94);
        float[] q = Values(rng, tq * heads * dk, 2f), k = Values(rng, tk * heads * dk, 2f), v = Values(rng, tk * heads * dk, 1f);
        float[] exact = new float[tq * heads * dk], int8 = new float[tq * heads * dk];
        Attention.Apply(q, k, v, heads, dk, default, true, exact);
        using (Int8Compute.Use(ComputePrecision.Int8))
        {
            Attention.Apply(q, k, v, heads, dk, default, true, int8);
        }

        Assert.Equal(exact, int8);
    }

    private static void Run(ComputePrecision precision, float[] q, float[] k, float[] v, int heads, int dk, float[] mask, bool causal, float[] output)
    {
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        using Int8Compute.Scope region = Int8Compute.Region();
        Attention.Apply(q, k, v, heads, dk, mask, causal, output);
    }
}
