using Warble.Models.Parakeet;
using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Simd;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Parakeet;

/// <summary>
/// Parakeet's relative-position self-attention with int8 asked for (<see cref="Int8Compute"/>): (q + u)·kᵀ, the banded
/// (q + v)·pᵀ and P·V in int8, against the f32 <see cref="RelPositionAttention.Apply"/>. Measured: NMSE from 4e-5 (5
/// frames) to 1.1e-3 (389; 2.5e-3 at 751: the probabilities' per-row byte scale rounds more small ones to zero as rows
/// grow) and a largest error of 0.067 of the largest |output| (0.12 at 751); reading the rel-shift one column off gives
/// NMSE above 1 and errors above 1.2 of it at every size past one frame, so the limits sit between with room on both
/// sides. Without AVX-VNNI the result is f32's exactly: <see cref="Kernels.FeatureTestRunnerTests"/> runs
/// <see cref="FallsBackToF32OrStaysClose"/> with AVX-VNNI (and each wider ISA) switched off, which is why the largest
/// shape stays short of Parakeet's 751 frames: the scalar child runs it too.
/// </summary>
public class Int8RelPositionAttentionTests
{
    private const double NmseLimit = 5e-3;

    private const double MaxErrorLimit = 0.2;

    /// <summary>(frames, valid, heads, dk): one valid frame, dk not a multiple of 16, valid below frames, n not a multiple of 6, 16 or 96, Parakeet's head width.</summary>
    private static readonly (int Frames, int Valid, int Heads, int HeadDim)[] Shapes =
    [
        (3, 1, 2, 16), (7, 5, 2, 8), (40, 33, 3, 20), (130, 97, 2, 64), (211, 211, 2, 128), (400, 389, 1, 128),
    ];

    [Fact]
    public void FallsBackToF32OrStaysClose()
    {
        var failures = new List<string>();
        foreach ((int frames, int valid, int heads, int dk) in Shapes)
        {
            var rng = new Random(frames);
            int d = heads * dk;
            float[] q = Values(rng, frames * d, 2f), k = Values(rng, frames * d, 2f), v = Values(rng, frames * d, 1f);
            float[] p = Values(rng, ((2 * frames) - 1) * d, 2f), u = Values(rng, d, 0.5f), w = Values(rng, d, 0.5f);
            float[] exact = Run(ComputePrecision.F32, q, k, v, p, u, w, frames, valid, heads);
            float[] int8 = Run(ComputePrecision.Int8, q, k, v, p, u, w, frames, valid, heads);
            if (!VnniOps.IsSupported)
            {
                Assert.Equal(exact, int8);
                continue;
            }

            double nmse = Gemm.GemmData.Nmse(int8, exact), max = 0, largest = 0;
            for (int i = 0; i < exact.Length; i++)
            {
                max = Math.Max(max, Math.Abs(int8[i] - exact[i]));
                largest = Math.Max(largest, Math.Abs(exact[i]));
            }

            Assert.All(int8[(valid * d)..], value => Assert.Equal(0f, value));
            if (!(nmse <= NmseLimit) || !(max <= MaxErrorLimit * largest))
            {
                failures.Add($"{frames} frames, {valid} valid, {heads}×{dk}: NMSE {nmse:G3}, max error {max / largest:G3} of {largest:G3}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("; ", failures));
    }

    /// <summary>Outside an encoder's region (as for the decoders' calls) int8 asked for changes nothing.</summary>
    [Fact]
    public void OutsideTheEncoderRegionStaysF32()
    {
        const int frames = 50, valid = 45, heads = 2, d = 128;
        var rng = new Random(96);
        float[] q = Values(rng, frames * d, 2f), k = Values(rng, frames * d, 2f), v = Values(rng, frames * d, 1f);
        float[] p = Values(rng, ((2 * frames) - 1) * d, 2f), u = Values(rng, d, 0.5f), w = Values(rng, d, 0.5f);
        float[] exact = Run(ComputePrecision.F32, q, k, v, p, u, w, frames, valid, heads), int8 = new float[frames * d];
        using (Int8Compute.Use(ComputePrecision.Int8))
        {
            RelPositionAttention.Apply(q, k, v, p, u, w, frames, valid, heads, new RelPositionAttentionScratch(heads, d / heads, frames), int8);
        }

        Assert.Equal(exact, int8);
    }

    private static float[] Run(ComputePrecision precision, float[] q, float[] k, float[] v, float[] p, float[] u, float[] w, int frames, int valid,
        int heads)
    {
        float[] output = Enumerable.Repeat(float.NaN, q.Length).ToArray();
        using Int8Compute.Scope scope = Int8Compute.Use(precision);
        using Int8Compute.Scope region = Int8Compute.Region();
        RelPositionAttention.Apply(q, k, v, p, u, w, frames, valid, heads, new RelPositionAttentionScratch(heads, u.Length / heads, frames), output);
        return output;
    }
}
