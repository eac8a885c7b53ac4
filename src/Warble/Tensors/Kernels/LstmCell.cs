using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Kernels;

/// <summary>
/// One time step of <c>torch.nn.LSTM</c> for batch 1 (NeMo's RNN-T/TDT prediction network):
/// gates = W_ih·x + b_ih + W_hh·h + b_hh in PyTorch's order (i, f, g, o);
/// c' = σ(f)·c + σ(i)·tanh(g); h' = σ(o)·tanh(c').
/// </summary>
internal static class LstmCell
{
    /// <summary>The recurrent product of <see cref="StepWithInputGates"/> runs on the calling thread alone.</summary>
    private static readonly GemmSettings Serial = new(GemmPaths.Best, new WorkerPool(1));

    /// <summary>
    /// Advances (h, c) by one input step, in place, with the two products fused (<see cref="Fuse"/>):
    /// gates = [W_ih | W_hh]·[x; h] + (b_ih + b_hh). One product of K = In + H instead of two of K = In and H halves
    /// the per-row and per-call costs, which dominate the decode step's small products.
    /// </summary>
    /// <param name="weights">[4H, In + H] from <see cref="Fuse"/>.</param>
    /// <param name="bias">Empty, or [4H]: b_ih + b_hh.</param>
    /// <param name="scratch">At least [In + 5H].</param>
    public static void StepFused(ReadOnlySpan<float> x, in WeightMatrix weights, ReadOnlySpan<float> bias, Span<float> h, Span<float> c, Span<float> scratch)
    {
        int hidden = h.Length;
        ThrowHelper.CheckPositive(hidden, "hidden size");
        ThrowHelper.CheckExactLength(c.Length, hidden, nameof(c));
        if (weights.Rows != 4 * hidden || weights.Columns != x.Length + hidden)
        {
            ThrowHelper.ThrowArgument($"fused LSTM weights {weights.Rows}×{weights.Columns} do not fit input {x.Length} and hidden {hidden}");
        }

        ThrowHelper.CheckLength(scratch.Length, (long)weights.Columns + (4L * hidden), nameof(scratch));
        Span<float> input = scratch[..weights.Columns];
        Span<float> gates = scratch.Slice(weights.Columns, 4 * hidden);
        x.CopyTo(input);
        h.CopyTo(input[x.Length..]);
        MatMul.MultiplyTransposed(input, 1, weights, gates, bias);
        ApplyGates(gates, h, c);
    }

    /// <summary>
    /// Advances (h, c) by one step whose input half was computed beforehand for a whole sequence, as one product
    /// gates_x = W_ih·X + b_ih + b_hh over all its steps (Silero VAD's frames): gates = gates_x + W_hh·h. Only this
    /// 4H×H product is sequential; it runs on the calling thread, since it takes microseconds and handing it to the pool
    /// costs as much.
    /// </summary>
    /// <param name="inputGates">[4H]: this step's W_ih·x + b_ih + b_hh.</param>
    /// <param name="weightHh">[4H, H].</param>
    /// <param name="gates">Scratch, at least [4H].</param>
    public static void StepWithInputGates(ReadOnlySpan<float> inputGates, in WeightMatrix weightHh, Span<float> h, Span<float> c, Span<float> gates)
    {
        int hidden = h.Length;
        ThrowHelper.CheckPositive(hidden, "hidden size");
        ThrowHelper.CheckExactLength(c.Length, hidden, nameof(c));
        ThrowHelper.CheckExactLength(inputGates.Length, 4 * hidden, nameof(inputGates));
        ThrowHelper.CheckLength(gates.Length, 4L * hidden, nameof(gates));
        if (weightHh.Rows != 4 * hidden || weightHh.Columns != hidden)
        {
            ThrowHelper.ThrowArgument($"LSTM weight_hh {weightHh.Rows}×{weightHh.Columns} does not fit hidden {hidden}");
        }

        Span<float> g = gates[..(4 * hidden)];
        inputGates.CopyTo(g);
        MatMul.MultiplyTransposed(h, hidden, 1, weightHh, g, 4 * hidden, default, accumulate: true, Serial);
        ApplyGates(g, h, c);
    }

    /// <summary>
    /// [W_ih | W_hh] row by row in the stored dtype (any block dtype whose rows of In values fill whole blocks), and
    /// b_ih + b_hh (null when both are absent).
    /// </summary>
    public static (WeightMatrix Weights, float[]? Bias) Fuse(in WeightMatrix weightIh, in WeightMatrix weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        if (weightIh.Type != weightHh.Type || weightIh.Rows != weightHh.Rows)
        {
            ThrowHelper.ThrowArgument($"LSTM weights {weightIh.Rows}×{weightIh.Columns} {weightIh.Type.Name()} and {weightHh.Rows}×{weightHh.Columns} {weightHh.Type.Name()} cannot be fused");
        }

        int rows = weightIh.Rows, ihBytes = weightIh.RowBytes, hhBytes = weightHh.RowBytes;
        var bytes = new byte[(long)rows * (ihBytes + hhBytes)];
        ReadOnlySpan<byte> ih = weightIh.Data.Span, hh = weightHh.Data.Span;
        for (int r = 0; r < rows; r++)
        {
            ih.Slice(r * ihBytes, ihBytes).CopyTo(bytes.AsSpan(r * (ihBytes + hhBytes)));
            hh.Slice(r * hhBytes, hhBytes).CopyTo(bytes.AsSpan((r * (ihBytes + hhBytes)) + ihBytes));
        }

        float[]? bias = null;
        if (!biasIh.IsEmpty || !biasHh.IsEmpty)
        {
            bias = new float[rows];
            if (!biasIh.IsEmpty)
            {
                ThrowHelper.CheckExactLength(biasIh.Length, rows, nameof(biasIh));
                biasIh.CopyTo(bias);
            }

            if (!biasHh.IsEmpty)
            {
                ThrowHelper.CheckExactLength(biasHh.Length, rows, nameof(biasHh));
                Add.Apply(bias, biasHh, bias);
            }
        }

        return (new WeightMatrix(weightIh.Type, bytes, rows, weightIh.Columns + weightHh.Columns), bias);
    }

    /// <summary>i, f, g, o pre-activations → new c and h, in place (the gates are overwritten).</summary>
    public static void ApplyGates(Span<float> gates, Span<float> h, Span<float> c)
    {
        int hidden = h.Length;
        Span<float> input = gates[..hidden];
        Span<float> forget = gates.Slice(hidden, hidden);
        Span<float> cell = gates.Slice(2 * hidden, hidden);
        Span<float> output = gates.Slice(3 * hidden, hidden);
        Sigmoid.Apply(input, input);
        Sigmoid.Apply(forget, forget);
        Tanh.Apply(cell, cell);
        Sigmoid.Apply(output, output);
        Mul.Apply(forget, c, c);
        Mul.Apply(input, cell, input);
        Add.Apply(c, input, c);
        Tanh.Apply(c, cell);
        Mul.Apply(output, cell, h);
    }

    /// <summary>Scalar definition with double accumulators.</summary>
    internal static void StepReference(ReadOnlySpan<float> x, in WeightMatrix weightIh, in WeightMatrix weightHh, ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh, Span<float> h, Span<float> c)
    {
        int hidden = Check(x, weightIh, weightHh, h, c);
        var gates = new double[4 * hidden];
        var row = new float[Math.Max(weightIh.Columns, hidden)];
        for (int g = 0; g < 4 * hidden; g++)
        {
            double sum = (biasIh.IsEmpty ? 0 : biasIh[g]) + (biasHh.IsEmpty ? 0 : biasHh[g]);
            weightIh.DequantizeRow(g, row);
            for (int j = 0; j < x.Length; j++)
            {
                sum += (double)row[j] * x[j];
            }

            weightHh.DequantizeRow(g, row);
            for (int j = 0; j < hidden; j++)
            {
                sum += (double)row[j] * h[j];
            }

            gates[g] = sum;
        }

        for (int j = 0; j < hidden; j++)
        {
            double i = Sigma(gates[j]), f = Sigma(gates[hidden + j]), g = Math.Tanh(gates[(2 * hidden) + j]), o = Sigma(gates[(3 * hidden) + j]);
            double cell = (f * c[j]) + (i * g);
            c[j] = (float)cell;
            h[j] = (float)(o * Math.Tanh(cell));
        }
    }

    private static double Sigma(double v) => 1 / (1 + Math.Exp(-v));

    private static int Check(ReadOnlySpan<float> x, in WeightMatrix weightIh, in WeightMatrix weightHh, Span<float> h, Span<float> c)
    {
        int hidden = h.Length;
        ThrowHelper.CheckPositive(hidden, "hidden size");
        ThrowHelper.CheckExactLength(c.Length, hidden, nameof(c));
        if (weightIh.Rows != 4 * hidden || weightHh.Rows != 4 * hidden || weightHh.Columns != hidden || weightIh.Columns != x.Length)
        {
            ThrowHelper.ThrowArgument($"LSTM weights {weightIh.Rows}×{weightIh.Columns} and {weightHh.Rows}×{weightHh.Columns} do not fit input {x.Length} and hidden {hidden}");
        }

        return hidden;
    }
}
