using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class AttentionTests
{
    [Theory]
    [InlineData(1, 5, 2, 4, false, false)]
    [InlineData(7, 7, 3, 8, true, false)]
    [InlineData(6, 11, 2, 16, false, true)]
    [InlineData(4, 9, 4, 5, true, true)]
    [InlineData(1, 1, 1, 1, false, false)]
    [InlineData(100, 130, 2, 16, true, true)]
    [InlineData(200, 150, 3, 64, false, false)]
    [InlineData(3, 1500, 6, 64, false, false)]
    [InlineData(5, 1500, 6, 64, false, false)]
    [InlineData(9, 40, 2, 64, true, false)]
    public void MatchesReference(int tq, int tk, int heads, int headDim, bool causal, bool masked)
    {
        var rng = new Random(61);
        int width = heads * headDim;
        Guarded q = Random(rng, tq * width, 2f), k = Random(rng, tk * width, 2f), v = Random(rng, tk * width);
        float[] mask = masked ? Random(rng, tq * tk, 3f).Span.ToArray() : [];
        Guarded actual = new(tq * width), weights = new(heads * tq * tk);
        var expected = new float[tq * width];
        var expectedWeights = new float[heads * tq * tk];
        Attention.Reference(q.Span, k.Span, v.Span, heads, headDim, mask, causal, expected, expectedWeights);
        Attention.Apply(q.Span, k.Span, v.Span, heads, headDim, mask, causal, actual.Span, weights.Span);
        Nmse(expected, actual.Span, 1e-10, "output");
        Close(expectedWeights, weights.Span, 1e-5f, "weights");
        actual.CheckGuards("output");
        weights.CheckGuards("weights");
    }

    /// <summary>
    /// Several queries over the same keys (beam hypotheses over the audio) go through the keys a piece at a time; each
    /// query's output and probabilities must equal those of attending alone, bit for bit, with and without a mask.
    /// </summary>
    [Theory]
    [InlineData(5, 1500, 6, 64, false)]
    [InlineData(2, 1501, 2, 64, true)]
    [InlineData(8, 77, 3, 128, false)]
    [InlineData(3, 300, 2, 20, true)]
    public void SharedKeysGiveEachQueryItsOwnResult(int tq, int tk, int heads, int headDim, bool masked)
    {
        var rng = new Random(71);
        int width = heads * headDim;
        float[] q = Random(rng, tq * width, 2f).Span.ToArray(), mask = masked ? Random(rng, tq * tk, 3f).Span.ToArray() : [];
        var cache = new KeyValueCache(heads, headDim, tk);
        cache.Append(Random(rng, tk * width, 2f).Span, Random(rng, tk * width).Span);
        var together = new float[tq * width];
        var togetherWeights = new float[heads * tq * tk];
        Attention.Apply(q, cache, mask, causal: false, together, togetherWeights);
        for (int i = 0; i < tq; i++)
        {
            var alone = new float[width];
            var aloneWeights = new float[heads * tk];
            Attention.Apply(q.AsSpan(i * width, width), cache, masked ? mask.AsSpan(i * tk, tk) : default, causal: false, alone, aloneWeights);
            Assert.Equal(alone, together.AsSpan(i * width, width).ToArray());
            for (int h = 0; h < heads; h++)
            {
                Assert.Equal(aloneWeights.AsSpan(h * tk, tk).ToArray(), togetherWeights.AsSpan(((h * tq) + i) * tk, tk).ToArray());
            }
        }
    }

    [Fact]
    public void CausalMaskHidesLaterKeys()
    {
        var rng = new Random(67);
        const int t = 5, heads = 2, dk = 3;
        Guarded q = Random(rng, t * heads * dk), k = Random(rng, t * heads * dk), v = Random(rng, t * heads * dk);
        var weights = new float[heads * t * t];
        Attention.Apply(q.Span, k.Span, v.Span, heads, dk, default, causal: true, new float[t * heads * dk], weights);
        for (int h = 0; h < heads; h++)
        {
            for (int i = 0; i < t; i++)
            {
                for (int j = i + 1; j < t; j++)
                {
                    Assert.Equal(0f, weights[(((h * t) + i) * t) + j]);
                }
            }
        }
    }

    [Fact]
    public void IncrementalDecodeWithCacheEqualsFullCausalAttention()
    {
        // Whisper's decoder: the prompt goes in at once, then one token per step against the growing cache.
        var rng = new Random(71);
        const int heads = 3, dk = 8, width = heads * dk, prompt = 4, steps = 5, total = prompt + steps;
        Guarded q = Random(rng, total * width, 2f), k = Random(rng, total * width, 2f), v = Random(rng, total * width);
        var expected = new float[total * width];
        Attention.Reference(q.Span, k.Span, v.Span, heads, dk, default, causal: true, expected);
        var cache = new KeyValueCache(heads, dk, capacity: 16);
        var actual = new float[total * width];
        cache.Append(k.Span[..(prompt * width)], v.Span[..(prompt * width)]);
        Attention.Apply(q.Span[..(prompt * width)], cache, default, causal: true, actual.AsSpan(0, prompt * width));
        for (int s = prompt; s < total; s++)
        {
            cache.Append(k.Span.Slice(s * width, width), v.Span.Slice(s * width, width));
            Attention.Apply(q.Span.Slice(s * width, width), cache, default, causal: true, actual.AsSpan(s * width, width));
        }

        Assert.Equal(total, cache.Length);
        Nmse(expected, actual, 1e-10, "incremental");
    }

    [Fact]
    public void CacheKeepsItsCapacityAndCopies()
    {
        var cache = new KeyValueCache(2, 2, capacity: 3);
        cache.Append(new float[8], new float[8]);
        Assert.Throws<ArgumentException>(() => cache.Append(new float[8], new float[8]));
        Assert.Throws<ArgumentException>(() => cache.Append(new float[3], new float[3]));
        cache.Truncate(1);
        Assert.Equal(1, cache.Length);
        var other = new KeyValueCache(2, 2, capacity: 3);
        other.Append([1, 2, 3, 4], [5, 6, 7, 8]);
        cache.CopyFrom(other);
        Assert.Equal(1, cache.Length);
        Assert.Equal([7f, 8f], cache.Values(1).ToArray());
        cache.Clear();
        Assert.Equal(0, cache.Length);
        Assert.Throws<ArgumentException>(() => Attention.Apply(new float[4], cache, default, false, new float[4]));
        cache.Append([1, 2, 3, 4], [5, 6, 7, 8]);
        Assert.Throws<ArgumentException>(() => Attention.Apply(new float[8], cache, default, true, new float[8]));
    }

    [Fact]
    public void LstmCellMatchesReferenceOverSeveralSteps()
    {
        const int input = 7, hidden = 13;
        var rng = new Random(73);
        var weightIh = WeightMatrix.FromFloats(Random(rng, 4 * hidden * input, 0.5f).Span.ToArray(), 4 * hidden, input);
        var weightHh = WeightMatrix.FromFloats(Random(rng, 4 * hidden * hidden, 0.5f).Span.ToArray(), 4 * hidden, hidden);
        Guarded biasIh = Random(rng, 4 * hidden), biasHh = Random(rng, 4 * hidden);
        var h = new float[hidden];
        var c = new float[hidden];
        var hRef = new float[hidden];
        var cRef = new float[hidden];
        (WeightMatrix fused, float[]? bias) = LstmCell.Fuse(weightIh, weightHh, biasIh.Span, biasHh.Span);
        var scratch = new float[input + (5 * hidden)];
        for (int step = 0; step < 6; step++)
        {
            Guarded x = Random(rng, input, 2f);
            LstmCell.StepFused(x.Span, fused, bias, h, c, scratch);
            LstmCell.StepReference(x.Span, weightIh, weightHh, biasIh.Span, biasHh.Span, hRef, cRef);
            Close(hRef, h, 1e-5f, $"h step {step}");
            Close(cRef, c, 1e-5f, $"c step {step}");
        }

        Assert.Throws<ArgumentException>(() => LstmCell.StepFused(new float[input], fused, bias, h, c, new float[hidden]));
    }

    [Theory]
    [InlineData("f32", 1e-5f)]
    [InlineData("f16", 1e-5f)]
    [InlineData("q8_0", 0.03f)]
    public void FusedLstmCellMatchesReferenceOverSeveralSteps(string dtype, float tolerance)
    {
        Assert.True(DTypeInfo.TryParse(dtype, out DType type));
        // q8_0 products quantise [x; h] to 8 bits (as ggml), hence its looser tolerance; In and H fill whole blocks.
        const int input = 64, hidden = 32;
        var rng = new Random(74);
        WeightMatrix weightIh = WeightMatrix.Encode(Random(rng, 4 * hidden * input, 0.3f).Span, 4 * hidden, input, type);
        WeightMatrix weightHh = WeightMatrix.Encode(Random(rng, 4 * hidden * hidden, 0.3f).Span, 4 * hidden, hidden, type);
        Guarded biasIh = Random(rng, 4 * hidden), biasHh = Random(rng, 4 * hidden);
        (WeightMatrix fused, float[]? bias) = LstmCell.Fuse(weightIh, weightHh, biasIh.Span, biasHh.Span);
        Assert.Equal((4 * hidden, input + hidden), (fused.Rows, fused.Columns));
        float[] h = new float[hidden], c = new float[hidden], hRef = new float[hidden], cRef = new float[hidden];
        var scratch = new float[input + (5 * hidden)];
        for (int step = 0; step < 6; step++)
        {
            Guarded x = Random(rng, input, 2f);
            LstmCell.StepFused(x.Span, fused, bias, h, c, scratch);
            LstmCell.StepReference(x.Span, weightIh, weightHh, biasIh.Span, biasHh.Span, hRef, cRef);
            Close(hRef, h, tolerance, $"h step {step}");
            Close(cRef, c, tolerance, $"c step {step}");
        }

        Assert.Throws<ArgumentException>(() => LstmCell.StepFused(new float[input], fused, bias, h, c, new float[input]));
        Assert.Throws<ArgumentException>(() => LstmCell.StepFused(new float[input - 1], fused, bias, h, c, scratch));
        Assert.Throws<ArgumentException>(() => LstmCell.Fuse(weightIh, WeightMatrix.FromFloats(new float[hidden * hidden], hidden, hidden), default, default));
    }
}
