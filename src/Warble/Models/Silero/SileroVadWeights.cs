using Warble.Models.Common;
using Warble.Tensors.Gemm;
using Warble.Tensors.Kernels;

namespace Warble.Models.Silero;

/// <summary>
/// Silero VAD v5's 16 kHz branch, by its checkpoint keys (the ONNX export's initializer names, which are the
/// PyTorch module paths of <c>silero_vad.jit</c>'s 16 kHz model). The encoder blocks are the re-parametrized
/// <c>SileroVadBlock</c> convolutions; the decoder is <c>VADDecoderRNNJIT</c> (an <c>nn.LSTMCell</c>, then
/// Dropout, ReLU, a 1×1 <c>Conv1d</c> and a sigmoid).
/// </summary>
internal sealed class SileroVadWeights
{
    /// <summary>The 258 STFT filters (129 real, then 129 imaginary) of 256 taps, [258, 1, 256].</summary>
    public const string StftForwardBasisKey = "model.stft.forward_basis_buffer";

    /// <summary>LSTM cell weights [512, 128] and biases [512], PyTorch gate order (i, f, g, o).</summary>
    public const string RnnWeightIhKey = "model.decoder.rnn.weight_ih", RnnWeightHhKey = "model.decoder.rnn.weight_hh",
        RnnBiasIhKey = "model.decoder.rnn.bias_ih", RnnBiasHhKey = "model.decoder.rnn.bias_hh";

    /// <summary>The output head's 1×1 convolution, [1, 128, 1] and [1].</summary>
    public const string DecoderConvWeightKey = "model.decoder.decoder.2.weight", DecoderConvBiasKey = "model.decoder.decoder.2.bias";

    /// <summary>STFT size: filter_length 256, hop 128, so 129 frequency bins.</summary>
    public const int FilterLength = 256, HopLength = 128, Bins = (FilterLength / 2) + 1;

    /// <summary>The LSTM cell's hidden size.</summary>
    public const int Hidden = 128;

    /// <summary>Encoder blocks: (in, out, stride), kernel 3, padding 1.</summary>
    public static readonly (int In, int Out, int Stride)[] EncoderBlocks = [(Bins, 128, 1), (128, 64, 2), (64, 64, 2), (64, 128, 1)];

    public SileroVadWeights(WeightSource source)
    {
        StftForwardBasis = Matrix(source, StftForwardBasisKey, 2 * Bins, FilterLength, [2 * Bins, 1, FilterLength]);
        Encoder = new SileroVadBlock[EncoderBlocks.Length];
        for (int i = 0; i < Encoder.Length; i++)
        {
            var (inChannels, outChannels, stride) = EncoderBlocks[i];
            Encoder[i] = new SileroVadBlock(
                Matrix(source, EncoderWeightKey(i), outChannels, inChannels * 3, [outChannels, inChannels, 3]),
                source.Floats(EncoderBiasKey(i), outChannels),
                inChannels,
                stride);
        }

        RnnWeightIh = source.Matrix(RnnWeightIhKey, 4 * Hidden, Hidden);
        RnnWeightHh = source.Matrix(RnnWeightHhKey, 4 * Hidden, Hidden);
        RnnBias = source.Floats(RnnBiasIhKey, 4 * Hidden);
        Add.Apply(RnnBias, source.Floats(RnnBiasHhKey, 4 * Hidden), RnnBias);
        DecoderConvWeight = source.Floats(DecoderConvWeightKey, 1, Hidden, 1);
        DecoderConvBias = source.Floats(DecoderConvBiasKey, 1)[0];
    }

    /// <summary>All checkpoint keys, in the order the converter writes them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        StftForwardBasisKey,
        .. Enumerable.Range(0, EncoderBlocks.Length).SelectMany(i => new[] { EncoderWeightKey(i), EncoderBiasKey(i) }),
        RnnWeightIhKey, RnnWeightHhKey, RnnBiasIhKey, RnnBiasHhKey, DecoderConvWeightKey, DecoderConvBiasKey,
    ];

    /// <summary>[258, 256]: row r is filter r.</summary>
    public WeightMatrix StftForwardBasis { get; }

    public SileroVadBlock[] Encoder { get; }

    /// <summary>W_ih [512, 128].</summary>
    public WeightMatrix RnnWeightIh { get; }

    /// <summary>W_hh [512, 128].</summary>
    public WeightMatrix RnnWeightHh { get; }

    /// <summary>b_ih + b_hh, [512].</summary>
    public float[] RnnBias { get; }

    /// <summary>[128].</summary>
    public float[] DecoderConvWeight { get; }

    public float DecoderConvBias { get; }

    public static string EncoderWeightKey(int block) => $"model.encoder.{block}.reparam_conv.weight";

    public static string EncoderBiasKey(int block) => $"model.encoder.{block}.reparam_conv.bias";

    /// <summary>A convolution weight of PyTorch <paramref name="shape"/> seen as the [rows, columns] matrix its product reads.</summary>
    private static WeightMatrix Matrix(WeightSource source, string key, int rows, int columns, int[] shape)
    {
        var view = source.Get(key, shape);
        return new WeightMatrix(view.Type, view.Data, rows, columns);
    }
}
