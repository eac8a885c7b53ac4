using Warble.Formats;
using Warble.Models.Common;

namespace Warble.Models.Parakeet;

/// <summary>
/// Parakeet's weight table: every tensor the FastConformer encoder and the CTC or transducer heads read, by NeMo
/// state-dict key, with the shape the config implies. The loaders check files against it and the modules read their
/// weights through it, so a key is spelled in this file only.
/// </summary>
internal static class ParakeetWeights
{
    public static void Check(ParakeetConfig config, WeightSet weights)
    {
        config.Encoder.Validate(weights.File);
        WeightTable.Check(weights, Table(config));
        ParakeetFeaturizer.CheckBuffers(config.Preprocessor, weights);
    }

    /// <summary>Every entry: the encoder, the CTC head, and the prediction and joint networks of a transducer.</summary>
    public static IEnumerable<TensorSpec> Table(ParakeetConfig config)
    {
        IEnumerable<TensorSpec> table = EncoderNames.Of(config.Encoder).Tensors;
        if (config.Ctc is { } ctc)
        {
            table = table.Concat(CtcHead(config.Encoder.DModel, ctc).Tensors);
        }

        if (config.Decoder is { } decoder && config.Joint is { } joint)
        {
            table = table.Concat(PredictionNames.Of(decoder).Tensors).Concat(JointNames.Of(joint).Tensors);
        }

        return table;
    }

    /// <summary>As NeMo <c>ConvASRDecoder</c>: a 1×1 Conv1d <c>{prefix}.decoder_layers.0</c>, feat_in → num_classes + 1.</summary>
    public static LinearSpec CtcHead(int featIn, CtcHeadConfig config) =>
        LinearSpec.Of(config.Prefix + ".decoder_layers.0", [config.NumClasses + 1, featIn, 1]);

    /// <summary>As NeMo <c>ConformerEncoder</c>: pre_encode, then the layers (with the shared pos_bias_u/v when biases are tied).</summary>
    internal sealed record EncoderNames(SubsamplingNames PreEncode, LayerNames[] Layers)
    {
        public static EncoderNames Of(ConformerEncoderConfig config) => new(
            SubsamplingNames.Of(config),
            [.. Enumerable.Range(0, config.NLayers).Select(i => LayerNames.Of($"encoder.layers.{i}", config))]);

        public IEnumerable<TensorSpec> Tensors => PreEncode.Tensors.Concat(Layers.SelectMany(l => l.Tensors)).DistinctBy(t => t.Name);
    }

    /// <summary>
    /// As NeMo <c>ConvSubsampling</c> (dw_striding): conv.0 (1 → C, 3×3), then per further stride a depthwise 3×3 and a
    /// pointwise conv at module indices 2+3s and 3+3s, then the linear <c>out</c> over channels × subsampled features.
    /// </summary>
    internal sealed record SubsamplingNames(LinearSpec Conv0, (LinearSpec Depthwise, LinearSpec Pointwise)[] Stages, LinearSpec Out)
    {
        public static SubsamplingNames Of(ConformerEncoderConfig config)
        {
            const string Prefix = "encoder.pre_encode";
            int c = config.SubsamplingConvChannels, k = ConvSubsampling.Kernel;
            int strides = System.Numerics.BitOperations.Log2((uint)config.SubsamplingFactor);
            return new(
                LinearSpec.Of(Prefix + ".conv.0", [c, 1, k, k]),
                [.. Enumerable.Range(0, strides - 1).Select(s => (
                    LinearSpec.Of($"{Prefix}.conv.{2 + (3 * s)}", [c, 1, k, k]),
                    LinearSpec.Of($"{Prefix}.conv.{3 + (3 * s)}", [c, c, 1, 1])))],
                LinearSpec.Of(Prefix + ".out", config.DModel, c * ConvSubsampling.OutputSize(config.FeatIn, config.SubsamplingFactor)));
        }

        public IEnumerable<TensorSpec> Tensors =>
            [.. Conv0.Tensors, .. Stages.SelectMany(s => s.Depthwise.Tensors.Concat(s.Pointwise.Tensors)), .. Out.Tensors];
    }

    /// <summary>As NeMo <c>ConformerLayer</c>: five LayerNorms, two feed-forwards, self-attention and the convolution module.</summary>
    internal sealed record LayerNames(
        LayerNormSpec NormFeedForward1, FeedForwardNames FeedForward1, LayerNormSpec NormSelfAtt, AttentionNames SelfAttn,
        LayerNormSpec NormConv, ConvolutionNames Conv, LayerNormSpec NormFeedForward2, FeedForwardNames FeedForward2, LayerNormSpec NormOut)
    {
        public static LayerNames Of(string prefix, ConformerEncoderConfig config)
        {
            int d = config.DModel;
            return new(
                LayerNormSpec.Of(prefix + ".norm_feed_forward1", d),
                FeedForwardNames.Of(prefix + ".feed_forward1", config),
                LayerNormSpec.Of(prefix + ".norm_self_att", d),
                AttentionNames.Of(prefix + ".self_attn", config.UntieBiases ? prefix + ".self_attn" : "encoder", config),
                LayerNormSpec.Of(prefix + ".norm_conv", d),
                ConvolutionNames.Of(prefix + ".conv", config),
                LayerNormSpec.Of(prefix + ".norm_feed_forward2", d),
                FeedForwardNames.Of(prefix + ".feed_forward2", config),
                LayerNormSpec.Of(prefix + ".norm_out", d));
        }

        public IEnumerable<TensorSpec> Tensors =>
        [
            .. NormFeedForward1.Tensors, .. FeedForward1.Tensors, .. NormSelfAtt.Tensors, .. SelfAttn.Tensors,
            .. NormConv.Tensors, .. Conv.Tensors, .. NormFeedForward2.Tensors, .. FeedForward2.Tensors, .. NormOut.Tensors,
        ];
    }

    /// <summary>As NeMo <c>ConformerFeedForward</c>: linear1 (d → d·ff_expansion_factor), linear2 back.</summary>
    internal sealed record FeedForwardNames(LinearSpec Linear1, LinearSpec Linear2)
    {
        public static FeedForwardNames Of(string prefix, ConformerEncoderConfig config)
        {
            int d = config.DModel, ff = d * config.FfExpansionFactor;
            return new(LinearSpec.Of(prefix + ".linear1", ff, d, config.UseBias), LinearSpec.Of(prefix + ".linear2", d, ff, config.UseBias));
        }

        public IEnumerable<TensorSpec> Tensors => Linear1.Tensors.Concat(Linear2.Tensors);
    }

    /// <summary>
    /// As NeMo <c>RelPositionMultiHeadAttention</c>: linear_q/k/v/out, linear_pos (never a bias), and pos_bias_u/v
    /// [heads, d/heads] under the layer's self_attn (untie_biases) or the encoder.
    /// </summary>
    internal sealed record AttentionNames(
        LinearSpec LinearQ, LinearSpec LinearK, LinearSpec LinearV, LinearSpec LinearOut, LinearSpec LinearPos, TensorSpec PosBiasU, TensorSpec PosBiasV)
    {
        public static AttentionNames Of(string prefix, string biasPrefix, ConformerEncoderConfig config)
        {
            int d = config.DModel, heads = config.NHeads;
            return new(
                LinearSpec.Of(prefix + ".linear_q", d, d, config.UseBias),
                LinearSpec.Of(prefix + ".linear_k", d, d, config.UseBias),
                LinearSpec.Of(prefix + ".linear_v", d, d, config.UseBias),
                LinearSpec.Of(prefix + ".linear_out", d, d, config.UseBias),
                LinearSpec.Of(prefix + ".linear_pos", d, d, hasBias: false),
                new TensorSpec(biasPrefix + ".pos_bias_u", [heads, d / heads]),
                new TensorSpec(biasPrefix + ".pos_bias_v", [heads, d / heads]));
        }

        public IEnumerable<TensorSpec> Tensors =>
            [.. LinearQ.Tensors, .. LinearK.Tensors, .. LinearV.Tensors, .. LinearOut.Tensors, .. LinearPos.Tensors, PosBiasU, PosBiasV];
    }

    /// <summary>
    /// As NeMo <c>ConformerConvolution</c> (batch_norm): pointwise_conv1 (d → 2d, kernel 1), depthwise_conv (kernel k),
    /// batch_norm's weight, bias and running statistics, pointwise_conv2 (d → d, kernel 1).
    /// </summary>
    internal sealed record ConvolutionNames(
        LinearSpec PointwiseConv1, LinearSpec DepthwiseConv, LinearSpec PointwiseConv2,
        TensorSpec BatchNormWeight, TensorSpec BatchNormBias, TensorSpec RunningMean, TensorSpec RunningVar)
    {
        public static ConvolutionNames Of(string prefix, ConformerEncoderConfig config)
        {
            int d = config.DModel;
            string bn = prefix + ".batch_norm";
            return new(
                LinearSpec.Of(prefix + ".pointwise_conv1", [2 * d, d, 1], config.UseBias),
                LinearSpec.Of(prefix + ".depthwise_conv", [d, 1, config.ConvKernelSize], config.UseBias),
                LinearSpec.Of(prefix + ".pointwise_conv2", [d, d, 1], config.UseBias),
                new TensorSpec(bn + ".weight", [d]),
                new TensorSpec(bn + ".bias", [d]),
                new TensorSpec(bn + ".running_mean", [d]),
                new TensorSpec(bn + ".running_var", [d]));
        }

        public IEnumerable<TensorSpec> Tensors =>
        [
            .. PointwiseConv1.Tensors, .. DepthwiseConv.Tensors, .. PointwiseConv2.Tensors,
            BatchNormWeight, BatchNormBias, RunningMean, RunningVar,
        ];
    }

    /// <summary>
    /// As NeMo <c>RNNTDecoder</c>'s prediction network: embed [vocab + 1, pred_hidden] (the blank is the padding row),
    /// then <c>dec_rnn.lstm</c> layers with PyTorch's weight_ih/hh and bias_ih/hh per layer.
    /// </summary>
    internal sealed record PredictionNames(TensorSpec Embed, (LinearSpec Input, LinearSpec Recurrent)[] Lstm)
    {
        public static PredictionNames Of(RnntDecoderConfig config)
        {
            const string Lstm = "decoder.prediction.dec_rnn.lstm";
            int hidden = config.PredHidden;
            return new(
                new TensorSpec("decoder.prediction.embed.weight", [config.VocabSize + 1, hidden]),
                [.. Enumerable.Range(0, config.PredRnnLayers).Select(l => (
                    new LinearSpec(new TensorSpec($"{Lstm}.weight_ih_l{l}", [4 * hidden, hidden]), new TensorSpec($"{Lstm}.bias_ih_l{l}", [4 * hidden])),
                    new LinearSpec(new TensorSpec($"{Lstm}.weight_hh_l{l}", [4 * hidden, hidden]), new TensorSpec($"{Lstm}.bias_hh_l{l}", [4 * hidden]))))]);
        }

        public IEnumerable<TensorSpec> Tensors => [Embed, .. Lstm.SelectMany(l => l.Input.Tensors.Concat(l.Recurrent.Tensors))];
    }

    /// <summary>As NeMo <c>RNNTJoint</c>: enc (encoder → joint hidden), pred (prediction → joint hidden), joint_net.2 (→ outputs).</summary>
    internal sealed record JointNames(LinearSpec Enc, LinearSpec Pred, LinearSpec JointNet)
    {
        public static JointNames Of(RnntJointConfig config) => new(
            LinearSpec.Of("joint.enc", config.JointHidden, config.EncoderHidden),
            LinearSpec.Of("joint.pred", config.JointHidden, config.PredHidden),
            LinearSpec.Of("joint.joint_net.2", config.NumOutputs, config.JointHidden));

        public IEnumerable<TensorSpec> Tensors => [.. Enc.Tensors, .. Pred.Tensors, .. JointNet.Tensors];
    }
}
