using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;
using static Warble.Tests.Kernels.KernelAssert;

namespace Warble.Tests.Kernels;

public class LstmCellTests
{
    [Theory]
    [InlineData(7, 13)]
    [InlineData(128, 128)]
    public void StepWithPrecomputedInputGatesMatchesReference(int input, int hidden)
    {
        const int steps = 6;
        var rng = new Random(75);
        var weightIh = WeightMatrix.FromFloats(Random(rng, 4 * hidden * input, 0.3f).Span.ToArray(), 4 * hidden, input);
        var weightHh = WeightMatrix.FromFloats(Random(rng, 4 * hidden * hidden, 0.3f).Span.ToArray(), 4 * hidden, hidden);
        float[] biasIh = Random(rng, 4 * hidden).Span.ToArray(), biasHh = Random(rng, 4 * hidden).Span.ToArray();
        float[] xs = Random(rng, steps * input, 2f).Span.ToArray();
        float[] bias = [.. biasIh.Zip(biasHh, (a, b) => a + b)];
        var inputGates = new float[steps * 4 * hidden];
        MatMul.MultiplyTransposed(xs, steps, weightIh, inputGates, bias);
        float[] h = new float[hidden], c = new float[hidden], hRef = new float[hidden], cRef = new float[hidden];
        Guarded gates = new(4 * hidden);
        for (int step = 0; step < steps; step++)
        {
            LstmCell.StepWithInputGates(inputGates.AsSpan(step * 4 * hidden, 4 * hidden), weightHh, h, c, gates.Span);
            LstmCell.StepReference(xs.AsSpan(step * input, input), weightIh, weightHh, biasIh, biasHh, hRef, cRef);
            Close(hRef, h, 1e-5f, $"h step {step}");
            Close(cRef, c, 1e-5f, $"c step {step}");
        }

        gates.CheckGuards("gates");
        var wide = WeightMatrix.FromFloats(new float[4 * hidden * (hidden + 1)], 4 * hidden, hidden + 1);
        Assert.Throws<ArgumentException>(() => LstmCell.StepWithInputGates(new float[4 * hidden], wide, h, c, new float[4 * hidden]));
        Assert.Throws<ArgumentException>(() => LstmCell.StepWithInputGates(new float[4 * hidden], weightHh, h, c, new float[hidden]));
    }
}
