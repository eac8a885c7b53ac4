using System.Text.Json;
using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

/// <summary>Prediction net, joint, TDT greedy decoding and timestamps against NeMo's goldens.</summary>
public class TransducerTests
{
    private static Lazy<ParakeetModel> Model => ParakeetGolden.Model;

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void PredictionNetMatchesGolden(string stem)
    {
        float[] expected = ParakeetGolden.Npy(stem, "pred.npy", out int[] shape);
        int[] tokens = ParakeetGolden.Ints(ParakeetGolden.Decode(stem).GetProperty("tokens"));
        RnntDecoder decoder = Model.Value.Decoder;
        LstmState state = decoder.CreateState();
        var g = new float[shape[1]];
        for (int u = 0; u < shape[0]; u++)
        {
            decoder.Predict(u == 0 ? decoder.BlankId : tokens[u - 1], state, g);
            ParakeetGolden.AssertClose(expected.AsSpan(u * shape[1], shape[1]), g, 1e-5f, $"pred row {u}");
        }
    }

    [Fact]
    public void ALayer0InputTermComputedOnFirstUseIsReusedUnchanged()
    {
        RnntDecoder decoder = ParakeetModel.FromLoaded(ParakeetGolden.Loaded.Value).Decoder;
        var first = new float[decoder.Config.PredHidden];
        var again = new float[first.Length];
        LstmState a = decoder.CreateState(), b = decoder.CreateState();
        decoder.Predict(decoder.BlankId, a, first);
        decoder.Predict(decoder.BlankId, b, again);
        Assert.Equal(first, again);
        decoder.Predict(7, a, first);
        decoder.Predict(7, b, again);
        Assert.Equal(first, again);
        Assert.Contains(first, v => v != 0);
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void JointRowsMatchGolden(string stem) => AssertJointRows(Model.Value, stem, 2e-4f);

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void GreedyTdtOnGoldenEncoderMatchesDecodeJson(string stem)
    {
        float[] encoder = ParakeetGolden.Npy(stem, "encoder.npy", out int[] shape);
        AssertMatchesDecodeJson(stem, Model.Value.DecodeGreedy(encoder, shape[0], shape[0]));
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void FeaturesToTokensAndTimestampsMatchNeMo(string stem)
    {
        JsonElement decode = ParakeetGolden.Decode(stem);
        ConformerEncoder encoder = Model.Value.Encoder;
        (float[] encoded, int frames, int length) = ParakeetGolden.Encoded(stem);
        Assert.Equal(decode.GetProperty("encoded_length").GetInt32(), length);
        ParakeetHypothesis hyp = Model.Value.DecodeGreedy(encoded, frames, length);
        AssertMatchesDecodeJson(stem, hyp);

        ParakeetTimestamps timestamps = ParakeetTimestamps.Compute(hyp, ParakeetGolden.Pieces(), encoder.Config.SubsamplingFactor);
        JsonElement expected = decode.GetProperty("timestamps");
        AssertEntries(expected.GetProperty("char"), "char", timestamps.Char);
        AssertEntries(expected.GetProperty("word"), "word", timestamps.Word);
        AssertEntries(expected.GetProperty("segment"), "segment", timestamps.Segment);
        Assert.Equal(decode.GetProperty("text").GetString(), string.Join(' ', timestamps.Word.Select(w => w.Text)));
    }

    /// <summary>The joint of decode.json's joint_rows against joint_logits.npy and joint.npy (log-softmax).</summary>
    internal static void AssertJointRows(ParakeetModel model, string stem, float atol)
    {
        JsonElement decode = ParakeetGolden.Decode(stem);
        float[] encoder = ParakeetGolden.Npy(stem, "encoder.npy", out int[] encShape);
        float[] expected = ParakeetGolden.Npy(stem, "joint.npy", out int[] shape);
        float[] expectedLogits = ParakeetGolden.Npy(stem, "joint_logits.npy", out _);
        RnntJoint joint = model.Joint;
        int hidden = joint.Config.JointHidden, outputs = shape[1];
        var f = new float[encShape[0] * hidden];
        joint.ProjectEncoder(encoder, encShape[0], f);
        var g = new float[model.Decoder.Config.PredHidden];
        var gProjected = new float[hidden];
        var logits = new float[outputs];
        int r = 0;
        foreach (JsonElement row in decode.GetProperty("joint_rows").EnumerateArray())
        {
            LstmState state = model.Decoder.CreateState();
            model.Decoder.Predict(model.Decoder.BlankId, state, g);
            foreach (int token in ParakeetGolden.Ints(row.GetProperty("prefix_tokens")))
            {
                model.Decoder.Predict(token, state, g);
            }

            joint.ProjectPrednet(g, gProjected);
            joint.JointAfterProjection(f.AsSpan(row.GetProperty("frame").GetInt32() * hidden, hidden), gProjected, logits);
            ParakeetGolden.AssertClose(expectedLogits.AsSpan(r * outputs, outputs), logits, atol, $"joint_logits row {r}");
            Warble.Models.Common.Nn.LogSoftmax(logits);
            ParakeetGolden.AssertClose(expected.AsSpan(r * outputs, outputs), logits, atol, $"joint row {r}");
            r++;
        }

        Assert.Equal(shape[0], r);
    }

    private static void AssertMatchesDecodeJson(string stem, ParakeetHypothesis hyp)
    {
        JsonElement decode = ParakeetGolden.Decode(stem);
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("tokens")), hyp.Tokens);
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("timestep")), hyp.Timesteps);
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("token_duration")), hyp.TokenDurations);
        Assert.Equal(decode.GetProperty("score").GetSingle(), hyp.Score, 1e-2f);
    }

    private static void AssertEntries(JsonElement expected, string key, IReadOnlyList<TimestampEntry> actual)
    {
        Assert.Equal(expected.GetArrayLength(), actual.Count);
        int i = 0;
        foreach (JsonElement e in expected.EnumerateArray())
        {
            JsonElement text = e.GetProperty(key);
            string expectedText = text.ValueKind == JsonValueKind.Array ? string.Concat(text.EnumerateArray().Select(t => t.GetString())) : text.GetString()!;
            TimestampEntry a = actual[i++];
            Assert.Equal(
                (expectedText, e.GetProperty("start_offset").GetInt32(), e.GetProperty("end_offset").GetInt32(), e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble()),
                (a.Text, a.StartOffset, a.EndOffset, a.Start, a.End));
        }
    }
}
