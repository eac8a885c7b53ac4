using System.Text.Json;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Parakeet;

/// <summary>
/// The parakeet-tdt-local-visible fixture (self_attention_model rel_pos_local_attn, att_context_size [8, 8]): NeMo's
/// features, encoder output and greedy TDT decode reproduced from the WAV; and a full-context model switched to local
/// attention with a window wider than the input is the full-context model.
/// </summary>
public class ParakeetLocalAttentionTests
{
    private static readonly Lazy<LoadedModel> Loaded = new(() => ModelLoader.Load(Fixture("parakeet-tdt-local-visible.nemo")));

    private static readonly Lazy<ParakeetTranscriber> Transcriber = new(() => ParakeetTranscriber.FromLoaded(Loaded.Value));

    [Fact]
    public void TheYamlSelectsLocalAttention()
    {
        ConformerEncoderConfig encoder = Transcriber.Value.Model.Encoder.Config;
        Assert.Equal(ConformerEncoderConfig.RelPosLocalAttn, encoder.SelfAttentionModel);
        Assert.Equal(new AttContextSize(8, 8), encoder.LocalAttention);
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void FeaturesAndEncoderMatchNeMoFromTheWav(string stem)
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
        (float[] expected, int[] shape) = NpyFile.ReadFloat32(Fixture("golden", stem, "features.npy"));
        float[] features = Transcriber.Value.Features(audio, out int frames);
        Assert.Equal(shape[1], frames);
        // The fixture README (as parakeet-tdt-random's tolerances): features atol 1e-3 suggested, 2.3e-4 measured.
        ParakeetGolden.AssertClose(expected, features, 5e-4f, $"{stem} features");

        float[] encoder = Transcriber.Value.Encode(audio, out int encoded);
        Assert.Equal(Decode(stem).GetProperty("encoded_length").GetInt32(), encoded);
        ParakeetGolden.AssertClose(NpyFile.ReadFloat32(Fixture("golden", stem, "encoder.npy")).Data, encoder, 2e-4f, $"{stem} encoder");
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void TranscribeMatchesDecodeJson(string stem)
    {
        JsonElement decode = Decode(stem);
        TranscriptionResult result = Transcriber.Value.Transcribe(AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav")), CancellationToken.None);
        Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("tokens")), result.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("timestep")), result.Segments.SelectMany(s => s.TokenFrames!));
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("token_duration")), result.Segments.SelectMany(s => s.TokenDurations!));
    }

    [Fact]
    public void AConvertedGgufKeepsLocalAttention()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"warble-parakeet-local-{Guid.NewGuid():N}.gguf");
        try
        {
            using (var stream = File.Create(temp))
            {
                GgufModelWriter.Write(Loaded.Value, Tensors.DType.F32, stream);
            }

            using LoadedModel gguf = ModelLoader.Load(temp);
            ParakeetModel model = ParakeetModel.FromLoaded(gguf);
            Assert.Equal(new AttContextSize(8, 8), model.Encoder.Config.LocalAttention);
            (float[] features, int[] shape) = NpyFile.ReadFloat32(Fixture("golden", "espeak", "features.npy"));
            var output = new float[model.Encoder.OutputFrames(shape[1]) * model.Encoder.Config.DModel];
            model.Encoder.Forward(features, shape[1], Decode("espeak").GetProperty("features_length").GetInt32(), output);
            ParakeetGolden.AssertClose(NpyFile.ReadFloat32(Fixture("golden", "espeak", "encoder.npy")).Data, output, 2e-4f, "gguf espeak encoder");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void AFullContextModelWithAWindowWiderThanTheInputIsUnchanged(string stem)
    {
        ParakeetModel full = ParakeetGolden.Model.Value;
        ParakeetModel local = full.WithLocalAttention(1000, 1000);
        Assert.Same(full.Decoder, local.Decoder);
        Assert.Null(full.Encoder.Config.LocalAttention);
        float[] features = ParakeetGolden.Npy(stem, "features.npy", out int[] shape);
        int frames = local.Encoder.OutputFrames(shape[1]);
        var output = new float[frames * local.Encoder.Config.DModel];
        int length = local.Encoder.Forward(features, shape[1], ParakeetGolden.Decode(stem).GetProperty("features_length").GetInt32(), output);
        (float[] expected, int expectedFrames, int expectedLength) = ParakeetGolden.Encoded(stem);
        Assert.Equal((expectedFrames, expectedLength), (frames, length));
        ParakeetGolden.AssertClose(expected, output, 1e-5f, $"{stem} encoder");
    }

    [Fact]
    public void ANarrowWindowChangesAFullContextModel()
    {
        ParakeetModel local = ParakeetGolden.Model.Value.WithLocalAttention(4, 4);
        float[] features = ParakeetGolden.Npy("espeak", "features.npy", out int[] shape);
        var output = new float[local.Encoder.OutputFrames(shape[1]) * local.Encoder.Config.DModel];
        local.Encoder.Forward(features, shape[1], ParakeetGolden.Decode("espeak").GetProperty("features_length").GetInt32(), output);
        Assert.True(ParakeetGolden.MaxAbsDiff(ParakeetGolden.Encoded("espeak").Output, output) > 1e-3f);
    }

    private static JsonElement Decode(string stem)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Fixture("golden", stem, "decode.json")));
        return doc.RootElement.Clone();
    }

    private static string Fixture(params string[] parts) => SharedPaths.Fixture(["parakeet", "parakeet-tdt-local-visible", .. parts]);
}
