using Warble.Formats;
using Warble.Tensors;

namespace Warble.Models.Parakeet;

/// <summary>
/// Puts the tensors of a whisper.cpp Parakeet file under NeMo's state-dict keys and shapes, undoing what
/// whisper.cpp's <c>convert-parakeet-to-ggml.py</c> did to them: it squeezed size-1 dims (pointwise and depthwise conv
/// weights), reshaped the pre_encode conv biases to [1, C, 1, 1], folded each LSTM layer's bias_ih into bias_hh as
/// <c>bias_h_l{i}</c>, reordered the LSTM gates from PyTorch's [i, f, g, o] to [i, f, o, g], and kept batch_norm's
/// num_batches_tracked. 4- and 5-bit blocks (parakeet-quantize's q4_0, q4_1, q5_0, q5_1), which Warble's kernels do
/// not read, are widened to f16 once at load.
/// </summary>
internal static class ParakeetGgmlTensors
{
    private const string Lstm = "decoder.prediction.dec_rnn.lstm.";
    private const string LstmBias = Lstm + "bias_h_l";

    /// <summary>Adds <paramref name="name"/> (as stored) to <paramref name="weights"/> under its NeMo key(s).</summary>
    public static void Add(WeightSet weights, string name, TensorView view)
    {
        if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
        {
            return;
        }

        if (view.Type is DType.Q4_0 or DType.Q4_1 or DType.Q5_0 or DType.Q5_1)
        {
            view = new TensorView(DType.F16, TensorConversion.FromFloats(TensorConversion.ToFloats(view), DType.F16), view.Shape);
        }

        if (name.StartsWith(Lstm, StringComparison.Ordinal))
        {
            view = PyTorchGateOrder(weights.File, name, view);
        }

        if (name.StartsWith(LstmBias, StringComparison.Ordinal))
        {
            // The sum is what the LSTM adds, so bias_ih = the folded bias and bias_hh = 0 compute the same gates.
            string layer = name[LstmBias.Length..];
            weights.Add($"decoder.prediction.dec_rnn.lstm.bias_ih_l{layer}", view);
            weights.Add($"decoder.prediction.dec_rnn.lstm.bias_hh_l{layer}", TensorView.FromFloats(new float[view.ElementCount], [.. view.Shape]));
            return;
        }

        weights.Add(name, NemoShape(name, view));
    }

    /// <summary>Swaps the last two of the four gate blocks of rows back ([i, f, o, g] → [i, f, g, o]; the swap is its own inverse).</summary>
    private static TensorView PyTorchGateOrder(string file, string name, TensorView view)
    {
        if (view.Rank is < 1 or > 2 || view.Shape[0] % 4 != 0 || view.ElementCount / 4 % view.Type.BlockSize() != 0)
        {
            throw new ModelFormatException($"{file}: LSTM tensor '{name}' is [{string.Join(", ", view.Shape)}], not four gates of rows");
        }

        int gate = view.Shape[0] / 4;
        long gateBytes = view.Type.ByteCount(view.ElementCount / 4);
        ReadOnlySpan<byte> source = view.Data.Span[..(int)(4 * gateBytes)];
        var reordered = new byte[4 * gateBytes];
        source[..(int)(2 * gateBytes)].CopyTo(reordered);
        source.Slice((int)(3 * gateBytes), (int)gateBytes).CopyTo(reordered.AsSpan((int)(2 * gateBytes)));
        source.Slice((int)(2 * gateBytes), (int)gateBytes).CopyTo(reordered.AsSpan((int)(3 * gateBytes)));
        return gate > 0 ? new TensorView(view.Type, reordered, view.Shape) : view;
    }

    /// <summary>NeMo's shape of a conv tensor stored squeezed: pointwise [out, in] → [out, in, 1], depthwise [d, k] → [d, 1, k], a [1, C, 1, 1] bias → [C].</summary>
    internal static TensorView NemoShape(string name, TensorView view)
    {
        bool pointwise = name.EndsWith(".conv.pointwise_conv1.weight", StringComparison.Ordinal)
            || name.EndsWith(".conv.pointwise_conv2.weight", StringComparison.Ordinal);
        if (pointwise && view.Rank == 2)
        {
            return new TensorView(view.Type, view.Data, view.Shape[0], view.Shape[1], 1);
        }

        if (name.EndsWith(".conv.depthwise_conv.weight", StringComparison.Ordinal) && view.Rank == 2)
        {
            return new TensorView(view.Type, view.Data, view.Shape[0], 1, view.Shape[1]);
        }

        bool preEncodeBias = name.StartsWith("encoder.pre_encode.conv.", StringComparison.Ordinal) && name.EndsWith(".bias", StringComparison.Ordinal);
        return preEncodeBias && view.Rank > 1 && view.Type.BlockSize() == 1
            ? new TensorView(view.Type, view.Data, checked((int)view.ElementCount))
            : view;
    }
}
