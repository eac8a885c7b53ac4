using System.Text.Json;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tensors;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Parakeet;

/// <summary>
/// parakeet.cpp's GGUF layout (LocalAI's mudler/parakeet.cpp, <c>convert_parakeet_to_gguf.py</c>: NeMo state-dict names
/// kept verbatim, the config in <c>parakeet.*</c> keys, the tokenizer's pieces), written here from the .nemo fixture as
/// that converter writes it: it loads as the .nemo does and reproduces NeMo's tokens; its keys are checked.
/// </summary>
public class ParakeetCppGgufTests
{
    [Fact]
    public void AParakeetCppGgufTranscribesAsTheNemo()
    {
        using LoadedModel loaded = ModelLoader.Load(new ArrayRegion("parakeet-cpp.gguf", Write(new Dictionary<string, object>())), "parakeet-cpp.gguf", []);
        ParakeetConfig expected = ParakeetGolden.Loaded.Value.RequireParakeet(), actual = loaded.RequireParakeet();
        Assert.Equal((expected.Encoder, expected.Decoder, expected.Joint), (actual.Encoder, actual.Decoder, actual.Joint));
        Assert.Equal(expected.Durations, actual.Durations);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        foreach (string stem in (string[])["jfk", "espeak"])
        {
            JsonElement decode = ParakeetGolden.Decode(stem);
            TranscriptionResult result = transcriber.Transcribe(AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav")), CancellationToken.None);
            Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
            Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("tokens")), result.Segments.SelectMany(s => s.Tokens));
            Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("token_duration")), result.Segments.SelectMany(s => s.TokenDurations!));
        }
    }

    [Theory]
    [InlineData("parakeet.arch", "whisper", "parakeet.arch")]
    [InlineData("parakeet.preprocessor.normalize", "per_feature\nencoder: {}", "parakeet.preprocessor.normalize")]
    [InlineData("parakeet.encoder.ff_dim", 100u, "ff_dim")]
    [InlineData("parakeet.encoder.d_model", -1, "parakeet.encoder.d_model")]
    [InlineData("parakeet.preprocessor.win_length", 1u, "window_size")]
    [InlineData("parakeet.blank_id", 7u, "parakeet.blank_id")]
    [InlineData("parakeet.encoder.att_context_style", "chunked_limited", "streaming")]
    public void HostileKeysAreRefusedInOneLine(string key, object value, string named) =>
        Formats.HostileModels.AssertOneLineError(
            () => ModelLoader.Load(new ArrayRegion("hostile.gguf", Write(new Dictionary<string, object> { [key] = value })), "hostile.gguf", []).Dispose(),
            "hostile.gguf", named);

    /// <summary>The .nemo fixture as parakeet.cpp's converter writes it, with <paramref name="overrides"/> replacing keys.</summary>
    internal static byte[] Write(Dictionary<string, object> overrides)
    {
        LoadedModel nemo = ParakeetGolden.Loaded.Value;
        ParakeetConfig config = nemo.RequireParakeet();
        var keys = new Dictionary<string, object>
        {
            ["general.architecture"] = "parakeet", ["general.name"] = "parakeet-tdt-random", ["parakeet.arch"] = "tdt",
            ["parakeet.encoder.feat_in"] = 128u, ["parakeet.encoder.d_model"] = 64u, ["parakeet.encoder.n_layers"] = 2u,
            ["parakeet.encoder.n_heads"] = 4u, ["parakeet.encoder.ff_dim"] = 256u, ["parakeet.encoder.conv_kernel"] = 9u,
            ["parakeet.encoder.conv_norm_type"] = "batch_norm", ["parakeet.encoder.subsampling_factor"] = 8u,
            ["parakeet.encoder.subsampling_conv_channels"] = 32u, ["parakeet.encoder.xscaling"] = false,
            ["parakeet.encoder.pos_emb_max_len"] = 5000u, ["parakeet.encoder.use_bias"] = false,
            ["parakeet.preprocessor.sample_rate"] = 16000u, ["parakeet.preprocessor.n_mels"] = 128u, ["parakeet.preprocessor.n_fft"] = 512u,
            ["parakeet.preprocessor.win_length"] = 400u, ["parakeet.preprocessor.hop_length"] = 160u, ["parakeet.preprocessor.preemph"] = 0.97f,
            ["parakeet.preprocessor.mag_power"] = 2f, ["parakeet.preprocessor.normalize"] = "per_feature",
            ["parakeet.preprocessor.log_zero_guard"] = MathF.Pow(2, -24), ["parakeet.vocab_size"] = 128u, ["parakeet.blank_id"] = 128u,
            ["parakeet.tokenizer.pieces"] = ParakeetGolden.Pieces(), ["parakeet.decoder.pred_hidden"] = 32u,
            ["parakeet.decoder.pred_rnn_layers"] = 2u, ["parakeet.joint.joint_hidden"] = 32u, ["parakeet.joint.activation"] = "relu",
            ["parakeet.decoding.max_symbols"] = 10u, ["parakeet.tdt.durations"] = config.Durations,
        };
        foreach (var (key, value) in overrides)
        {
            keys[key] = value;
        }

        var writer = new GgufWriter();
        foreach (var (key, value) in keys)
        {
            writer.Add(key, value);
        }

        foreach (string name in nemo.Weights.Names.Where(n => !n.EndsWith(".num_batches_tracked", StringComparison.Ordinal)))
        {
            TensorView view = nemo.Weights[name];
            if (view.Type.IsFloat())
            {
                writer.AddTensor(name, DType.F32, view.Shape, () => TensorConversion.FromFloats(TensorConversion.ToFloats(view), DType.F32));
            }
        }

        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }
}
