using Warble.Models.Common;
using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

/// <summary>The FastConformer encoder against NeMo's activations and encoder output (atol 2e-4, fixture README).</summary>
public class ConformerEncoderTests
{
    private const float Atol = 2e-4f;
    private static readonly Lazy<(ConformerEncoder Encoder, ConformerEncoderConfig Config)> Model =
        new(() => (ParakeetGolden.Model.Value.Encoder, ParakeetGolden.Model.Value.Encoder.Config));

    [Fact]
    public void PreEncodeMatchesConvStackAndOutput()
    {
        float[] features = ParakeetGolden.Npy("jfk", "features.npy", out int[] shape);
        ConvSubsampling preEncode = Model.Value.Encoder.PreEncode;
        float[] expectedStack = ParakeetGolden.Activation("encoder.pre_encode.conv", out int[] stackShape);
        var stack = new float[expectedStack.Length];
        Assert.Equal(138, preEncode.ForwardConv(features, shape[1], 1100, stack));
        Assert.Equal([32, 138, 16], stackShape);
        ParakeetGolden.AssertClose(expectedStack, stack, Atol, "pre_encode.conv");

        float[] expected = ParakeetGolden.Activation("encoder.pre_encode", out _);
        var output = new float[expected.Length];
        Assert.Equal(138, preEncode.Forward(features, shape[1], 1100, output));
        ParakeetGolden.AssertClose(expected, output, Atol, "pre_encode");
    }

    [Fact]
    public void PositionalEmbeddingAndLinearPosMatch()
    {
        float[] expected = ParakeetGolden.Activation("encoder.pos_enc.pos_emb", out int[] shape);
        var ws = new ConformerWorkspace(Model.Value.Config, 138);
        Model.Value.Encoder.PosEnc.PositionalEmbedding(138, ws.PosEmb);
        ParakeetGolden.AssertClose(expected, ws.PosEmb.AsSpan(0, expected.Length), 1e-5f, "pos_emb");
        Assert.Equal([275, 64], shape);

        Model.Value.Encoder.Layers[0].SelfAttn.LinearPos(138, ws);
        float[] linearPos = ParakeetGolden.Activation("encoder.layers.0.self_attn.linear_pos", out _);
        ParakeetGolden.AssertClose(linearPos, ws.Pos.AsSpan(0, linearPos.Length), 1e-5f, "linear_pos");
    }

    [Fact]
    public void LayerZeroSubModulesMatchFromTheirGoldenInputs()
    {
        const int frames = 138;
        ConformerLayer layer = Model.Value.Encoder.Layers[0];
        var ws = new ConformerWorkspace(Model.Value.Config, frames);
        var output = new float[frames * 64];
        float[] input = ParakeetGolden.Activation("encoder.pos_enc", out _);

        Nn.LayerNorm(input, frames, layer.NormFeedForward1, output);
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0.norm_feed_forward1", out _), output, Atol, "norm_feed_forward1");
        layer.FeedForward1.Forward(ParakeetGolden.Activation("encoder.layers.0.norm_feed_forward1", out _), frames, ws, output);
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0.feed_forward1", out _), output, Atol, "feed_forward1");

        Model.Value.Encoder.PosEnc.PositionalEmbedding(frames, ws.PosEmb);
        layer.SelfAttn.Forward(ParakeetGolden.Activation("encoder.layers.0.norm_self_att", out _), frames, frames, ws, output);
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0.self_attn", out _), output, Atol, "self_attn");

        layer.Conv.Forward(ParakeetGolden.Activation("encoder.layers.0.norm_conv", out _), frames, frames, ws, output);
        float[] pointwise1 = ParakeetGolden.Activation("encoder.layers.0.conv.pointwise_conv1", out _);
        ParakeetGolden.AssertClose(pointwise1, ParakeetGolden.Transpose(ws.Hidden.AsSpan(0, frames * 128), frames, 128), Atol, "pointwise_conv1");
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0.conv", out _), output, Atol, "conv");

        layer.FeedForward2.Forward(ParakeetGolden.Activation("encoder.layers.0.norm_feed_forward2", out _), frames, ws, output);
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0.feed_forward2", out _), output, Atol, "feed_forward2");

        layer.Forward(input, frames, frames, ws);
        ParakeetGolden.AssertClose(ParakeetGolden.Activation("encoder.layers.0", out _), input, Atol, "layers.0");
    }

    [Theory]
    [InlineData("jfk", 1100, 138)]
    [InlineData("espeak", 668, 84)]
    public void EncoderMatchesGolden(string stem, int length, int encodedLength)
    {
        Assert.Equal(length, ParakeetGolden.Decode(stem).GetProperty("features_length").GetInt32());
        float[] expected = ParakeetGolden.Npy(stem, "encoder.npy", out _);
        (float[] output, int frames, int valid) = ParakeetGolden.Encoded(stem);
        Assert.Equal((encodedLength, encodedLength), (frames, valid));
        ParakeetGolden.AssertClose(expected, output, Atol, stem);
    }
}
