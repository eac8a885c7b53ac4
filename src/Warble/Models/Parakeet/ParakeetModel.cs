using Warble.Formats;
using Warble.Models.Common;
using Warble.Tensors;

namespace Warble.Models.Parakeet;

/// <summary>
/// A Parakeet transducer (as NeMo <c>EncDecRNNTBPEModel</c>): the FastConformer encoder, the prediction network and
/// the joint, decoded greedily with TDT rules when the config has durations and RNN-T rules otherwise.
/// </summary>
internal sealed class ParakeetModel
{
    public ParakeetModel(WeightSource source, ParakeetConfig config)
    {
        Config = config;
        Encoder = new ConformerEncoder(source, config.Encoder);
        RnntDecoderConfig decoderConfig = config.Decoder
            ?? throw new ModelFormatException($"{source.ModelName}: the config has no transducer decoder section");
        RnntJointConfig jointConfig = config.Joint
            ?? throw new ModelFormatException($"{source.ModelName}: the config has no joint section");
        if (jointConfig.NumExtraOutputs != config.Durations.Length || jointConfig.NumClasses != decoderConfig.VocabSize)
        {
            throw new ModelFormatException($"{source.ModelName}: joint ({jointConfig}) does not match the decoder and durations");
        }

        Decoder = new RnntDecoder(source, decoderConfig);
        Joint = new RnntJoint(source, jointConfig);
    }

    public ParakeetConfig Config { get; }

    /// <summary>The network of a loaded Parakeet file (.nemo or GGUF); its weights stay views into the file.</summary>
    public static ParakeetModel FromLoaded(LoadedModel loaded) =>
        new(WeightsOf(loaded), ParakeetConfig.FromYaml(loaded.RequireParakeet(), loaded.Source));

    /// <summary>The loaded weights by NeMo state-dict key.</summary>
    public static WeightSource WeightsOf(LoadedModel loaded) =>
        new((key, _) => loaded.Weights.TryGet(key, out TensorView view) ? view : null, loaded.Source);

    public ConformerEncoder Encoder { get; }

    public RnntDecoder Decoder { get; }

    public RnntJoint Joint { get; }

    public bool IsTdt => Config.Durations.Length > 0;

    /// <summary>
    /// A model of <paramref name="config"/>'s dimensions with random weights (matrices in <paramref name="matrixType"/>),
    /// for benchmarks without a file. BatchNorm variances are ones so the folded weights stay finite.
    /// </summary>
    public static ParakeetModel Random(ParakeetConfig config, DType matrixType, int seed = 1234)
    {
        WeightSource random = new RandomWeights(matrixType, seed).Source("random-parakeet");
        var source = new WeightSource((key, shape) => key.EndsWith(".running_var", StringComparison.Ordinal) ? Ones(shape) : random.Get(key, shape),
            "random-parakeet");
        return new ParakeetModel(source, config);
    }

    /// <summary>Greedy decoding of encoder output [frames, d_model] over its first <paramref name="length"/> frames.</summary>
    public ParakeetHypothesis DecodeGreedy(ReadOnlySpan<float> encoder, int frames, int length) => IsTdt
        ? new TdtGreedyDecoder(Decoder, Joint, Config.Durations, Config.MaxSymbols).Decode(encoder, frames, length)
        : new RnntGreedyDecoder(Decoder, Joint, Config.MaxSymbols).Decode(encoder, frames, length);

    private static TensorView Ones(int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        Array.Fill(values, 1f);
        return new TensorView(DType.F32, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), shape);
    }
}
