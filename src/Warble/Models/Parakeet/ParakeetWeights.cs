using Warble.Formats;

namespace Warble.Models.Parakeet;

/// <summary>
/// The core of Parakeet's weight table: the tensors every FastConformer layer and the decoder head
/// need, with shapes derived from the NeMo config (NeMo state-dict names).
/// </summary>
internal static class ParakeetWeights
{
    public static void Check(ParakeetConfig config, WeightSet weights)
    {
        WeightTable.Check(weights, Table(config));
        ParakeetFeaturizer.CheckBuffers(config.Preprocessor, weights);
    }

    public static IEnumerable<(string Name, int[] Shape)> Table(ParakeetConfig config)
    {
        int d = config.Encoder.DModel;
        int ff = d * config.Encoder.FfExpansionFactor;
        for (int i = 0; i < config.Encoder.NLayers; i++)
        {
            string p = $"encoder.layers.{i}.";
            foreach (string norm in (string[])["norm_feed_forward1", "norm_self_att", "norm_conv", "norm_feed_forward2", "norm_out"])
            {
                yield return (p + norm + ".weight", [d]);
                yield return (p + norm + ".bias", [d]);
            }

            foreach (string ffn in (string[])["feed_forward1", "feed_forward2"])
            {
                yield return (p + ffn + ".linear1.weight", [ff, d]);
                yield return (p + ffn + ".linear2.weight", [d, ff]);
            }

            foreach (string linear in (string[])["linear_q", "linear_k", "linear_v", "linear_out", "linear_pos"])
            {
                yield return (p + "self_attn." + linear + ".weight", [d, d]);
            }

            yield return (p + "conv.pointwise_conv1.weight", [2 * d, d, 1]);
            yield return (p + "conv.depthwise_conv.weight", [d, 1, config.Encoder.ConvKernelSize]);
            yield return (p + "conv.pointwise_conv2.weight", [d, d, 1]);
        }

        foreach (var entry in DecoderTable(config))
        {
            yield return entry;
        }
    }

    private static IEnumerable<(string Name, int[] Shape)> DecoderTable(ParakeetConfig config)
    {
        if (config.Ctc is { } ctc)
        {
            yield return ($"{ctc.Prefix}.decoder_layers.0.weight", [ctc.NumClasses + 1, config.Encoder.DModel, 1]);
        }

        if (config.Decoder is { } decoder && config.Joint is { } joint)
        {
            yield return ("decoder.prediction.embed.weight", [decoder.VocabSize + 1, decoder.PredHidden]);
            yield return ("joint.joint_net.2.weight", [joint.NumOutputs, joint.JointHidden]);
        }
    }
}
