using Warble.Formats;
using Warble.Models.Common;
using Warble.Tensors;

namespace Warble.Models.Parakeet;

/// <summary>
/// A Parakeet model: the FastConformer encoder with a transducer (NeMo <c>EncDecRNNTBPEModel</c>: prediction network
/// and joint, decoded greedily with TDT rules when the config has durations and RNN-T rules otherwise), a CTC head
/// (<c>EncDecCTCModelBPE</c>), or both (<c>EncDecHybridRNNTCTCBPEModel</c>, whose default head is the transducer).
/// </summary>
internal sealed class ParakeetModel
{
    private readonly RnntDecoder? decoder;
    private readonly RnntJoint? joint;

    public ParakeetModel(WeightSource source, ParakeetConfig config)
    {
        Config = config;
        Encoder = new ConformerEncoder(source, config.Encoder);
        if (config.Ctc is { } ctc)
        {
            Ctc = new CtcGreedyDecoder(source, config.Encoder.DModel, ctc);
        }

        if (config.Decoder is null && config.Joint is null)
        {
            VocabSize = Ctc?.BlankId ?? throw new ModelFormatException($"{source.ModelName}: the config has neither a transducer nor a CTC head");
            return;
        }

        RnntDecoderConfig decoderConfig = config.Decoder
            ?? throw new ModelFormatException($"{source.ModelName}: the config has no transducer decoder section");
        RnntJointConfig jointConfig = config.Joint
            ?? throw new ModelFormatException($"{source.ModelName}: the config has no joint section");
        if (jointConfig.NumExtraOutputs != config.Durations.Length || jointConfig.NumClasses != decoderConfig.VocabSize)
        {
            throw new ModelFormatException($"{source.ModelName}: joint ({jointConfig}) does not match the decoder and durations");
        }

        if (Ctc is not null && Ctc.BlankId != decoderConfig.VocabSize)
        {
            throw new ModelFormatException($"{source.ModelName}: the CTC head has {Ctc.BlankId} tokens, the transducer {decoderConfig.VocabSize}");
        }

        decoder = new RnntDecoder(source, decoderConfig);
        joint = new RnntJoint(source, jointConfig);
        VocabSize = decoderConfig.VocabSize;
    }

    private ParakeetModel(ParakeetModel weights, ConformerEncoder encoder)
    {
        Config = weights.Config with { Encoder = encoder.Config };
        Encoder = encoder;
        Ctc = weights.Ctc;
        decoder = weights.decoder;
        joint = weights.joint;
        VocabSize = weights.VocabSize;
        DecodesWithCtc = weights.DecodesWithCtc;
    }

    public ParakeetConfig Config { get; }

    /// <summary>
    /// This model, sharing its weights, with the encoder switched to local attention of <paramref name="left"/> and
    /// <paramref name="right"/> frames of context: NeMo's <c>change_attention_model("rel_pos_local_attn", [left, right])</c>,
    /// which lets a full-context model encode hours in one pass with memory linear in the length.
    /// </summary>
    public ParakeetModel WithLocalAttention(int left, int right) => new(this, Encoder.WithLocalAttention(left, right));

    /// <summary>The network of a loaded Parakeet file (.nemo or GGUF); its weights stay views into the file.</summary>
    public static ParakeetModel FromLoaded(LoadedModel loaded) =>
        new(WeightsOf(loaded), loaded.RequireParakeet());

    /// <summary>The loaded weights by NeMo state-dict key.</summary>
    public static WeightSource WeightsOf(LoadedModel loaded) =>
        new((key, _) => loaded.Weights.TryGet(key, out TensorView view) ? view : null, loaded.Source);

    public ConformerEncoder Encoder { get; }

    /// <summary>The transducer's prediction network (not in CTC models).</summary>
    public RnntDecoder Decoder => decoder ?? throw new InvalidOperationException("a CTC model has no prediction network");

    /// <summary>The transducer's joint network (not in CTC models).</summary>
    public RnntJoint Joint => joint ?? throw new InvalidOperationException("a CTC model has no joint network");

    /// <summary>The CTC head of CTC and hybrid models, else null.</summary>
    public CtcGreedyDecoder? Ctc { get; }

    public bool HasTransducer => decoder is not null;

    /// <summary>Whether greedy decoding uses the CTC head of a hybrid model (<see cref="UseCtcHead"/>).</summary>
    public bool DecodesWithCtc { get; private set; }

    /// <summary>Tokens in the vocabulary (the blank excluded).</summary>
    public int VocabSize { get; }

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

    /// <summary>
    /// Decodes with the CTC head from now on, also in a hybrid model that has a transducer, as NeMo's
    /// <c>change_decoding_strategy(decoder_type="ctc")</c>; nothing changes in a CTC model.
    /// </summary>
    public void UseCtcHead()
    {
        if (Ctc is null)
        {
            throw new ArgumentException("the model has no CTC head (only CTC and hybrid TDT/CTC or RNN-T/CTC models do)");
        }

        DecodesWithCtc = true;
    }

    /// <summary>
    /// Greedy decoding of encoder output [frames, d_model] over its first <paramref name="length"/> frames.
    /// The transducer decodes when there is one (NeMo's default head of hybrid models), else, or after
    /// <see cref="UseCtcHead"/>, the CTC head.
    /// </summary>
    public ParakeetHypothesis DecodeGreedy(ReadOnlySpan<float> encoder, int frames, int length) => StartGreedy().Decode(encoder, frames, length);

    /// <summary>Whether <see cref="DecodeGreedyBatch"/> shares decoder steps: a transducer head does, CTC has no steps to share.</summary>
    public bool DecodesInBatches => decoder is not null && joint is not null && !DecodesWithCtc;

    /// <summary>
    /// <see cref="DecodeGreedy"/> for several utterances at once: a transducer steps all of them together
    /// (<see cref="BatchedTransducerDecoder"/>), one weight read per step for the whole batch; the CTC head, whose
    /// product already covers every frame, decodes them one by one.
    /// </summary>
    public ParakeetHypothesis[] DecodeGreedyBatch(IReadOnlyList<(float[] Encoder, int Frames, int Valid)> utterances) =>
        decoder is null || joint is null || DecodesWithCtc
            ? [.. utterances.Select(u => DecodeGreedy(u.Encoder, u.Frames, u.Valid))]
            : new BatchedTransducerDecoder(decoder, joint, Config.Durations, Config.MaxSymbols).Decode(utterances);

    /// <summary>Greedy decoding of one utterance whose encoder frames arrive in pieces, with the head <see cref="DecodeGreedy"/> uses.</summary>
    public IGreedyDecoding StartGreedy() =>
        decoder is null || joint is null || DecodesWithCtc ? new CtcGreedyDecoding(Ctc!)
        : IsTdt ? new TdtGreedyDecoder(decoder, joint, Config.Durations, Config.MaxSymbols)
        : new RnntGreedyDecoder(decoder, joint, Config.MaxSymbols);

    private static TensorView Ones(int[] shape)
    {
        var values = new float[shape.Aggregate(1, (a, b) => a * b)];
        Array.Fill(values, 1f);
        return new TensorView(DType.F32, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), shape);
    }
}
