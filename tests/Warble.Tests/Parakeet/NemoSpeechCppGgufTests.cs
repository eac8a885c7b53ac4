using System.Text.Json;
using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tensors;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Parakeet;

/// <summary>
/// NVIDIA NeMo-Speech.cpp's GGUF layout (<c>conversion/asr.py</c>: <c>asr.*</c> keys, LSTM tensors renamed to
/// <c>lstm.ih_l0.weight</c>, pointwise convs squeezed, <c>preprocessor.fb</c> without the window, the SentencePiece model
/// in base64), written here from the .nemo fixture as that converter writes it: it reproduces NeMo's features within the
/// fixture tolerance and its tokens; unsupported or hostile keys are refused in one line.
/// </summary>
public class NemoSpeechCppGgufTests
{
    [Fact]
    public void ANemoSpeechCppGgufTranscribesAsTheNemo()
    {
        using LoadedModel loaded = ModelLoader.Load(new ArrayRegion("asr.gguf", Write([])), "asr.gguf", []);
        ParakeetConfig expected = ParakeetGolden.Loaded.Value.RequireParakeet(), actual = loaded.RequireParakeet();
        Assert.Equal((expected.Encoder, expected.Decoder, expected.Joint), (actual.Encoder, actual.Decoder, actual.Joint));
        Assert.Equal(expected.Durations, actual.Durations);
        Assert.Equal(expected.MaxSymbols, actual.MaxSymbols);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        foreach (string stem in (string[])["jfk", "espeak"])
        {
            float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
            ParakeetGolden.AssertClose(ParakeetGolden.Npy(stem, "features.npy", out _), transcriber.Features(audio, out _), 5e-4f, $"{stem} features");
            JsonElement decode = ParakeetGolden.Decode(stem);
            TranscriptionResult result = transcriber.Transcribe(audio, CancellationToken.None);
            Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
            Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("tokens")), result.Segments.SelectMany(s => s.Tokens));
            Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("token_duration")), result.Segments.SelectMany(s => s.TokenDurations!));
            Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("timestep")), result.Segments.SelectMany(s => s.TokenFrames!));
        }
    }

    [Theory]
    [InlineData("asr.head_type", "speaker", "asr.head_type")]
    [InlineData("asr.encoder.att_context_style", "chunked_limited", "asr.encoder.att_context_style")]
    [InlineData("asr.encoder.q8_layout", "tensor_planar_v1", "asr.encoder.q8_layout")]
    [InlineData("asr.encoder.offline_left_ctx", 70, "limited-context")]
    [InlineData("asr.preprocessor.normalize", "per_feature\nencoder: {}", "asr.preprocessor.normalize")]
    [InlineData("asr.encoder.d_ff", 100u, "asr.encoder.d_ff")]
    [InlineData("asr.rnnt.blank_id", 3u, "asr.rnnt.blank_id")]
    [InlineData("asr.tokenizer.spm_model", "not base64!", "base64")]
    [InlineData("asr.preprocessor.window_size", float.NaN, "asr.preprocessor.window_size")]
    public void UnsupportedAndHostileKeysAreRefusedInOneLine(string key, object value, string named) =>
        Formats.HostileModels.AssertOneLineError(
            () => ModelLoader.Load(new ArrayRegion("hostile.gguf", Write(new() { [key] = value })), "hostile.gguf", []).Dispose(),
            "hostile.gguf", named);

    /// <summary>The .nemo fixture as NeMo-Speech.cpp's converter writes it (f32 weights), with <paramref name="overrides"/> replacing keys.</summary>
    internal static byte[] Write(Dictionary<string, object> overrides)
    {
        LoadedModel nemo = ParakeetGolden.Loaded.Value;
        var keys = new Dictionary<string, object>
        {
            ["general.architecture"] = "asr", ["general.name"] = "parakeet-tdt-random", ["asr.head_type"] = "tdt", ["general.file_type"] = 0u,
            ["asr.encoder.d_model"] = 64u, ["asr.encoder.n_layers"] = 2u, ["asr.encoder.n_heads"] = 4u, ["asr.encoder.d_ff"] = 256u,
            ["asr.encoder.conv_kernel_size"] = 9u, ["asr.encoder.subsampling_factor"] = 8u, ["asr.encoder.subsampling_conv_channels"] = 32u,
            ["asr.encoder.feat_in"] = 128u, ["asr.encoder.xscaling"] = false, ["asr.encoder.use_bias"] = false,
            ["asr.encoder.q8_layout"] = "block_q8_0", ["asr.encoder.qkv_q8_layout"] = "block_q8_0", ["asr.encoder.pos_emb_max_len"] = 5000u,
            ["asr.encoder.cache_supported"] = false, ["asr.encoder.train_left_ctx"] = 0u, ["asr.encoder.train_right_ctx"] = 0u,
            ["asr.encoder.offline_left_ctx"] = -1, ["asr.encoder.offline_right_ctx"] = -1, ["asr.encoder.conv_norm"] = "batch_norm",
            ["asr.encoder.conv_context"] = "None", ["asr.encoder.att_context_style"] = "regular",
            ["asr.preprocessor.sample_rate"] = 16000u, ["asr.preprocessor.window_size"] = 0.025f, ["asr.preprocessor.window_stride"] = 0.01f,
            ["asr.preprocessor.n_fft"] = 512u, ["asr.preprocessor.features"] = 128u, ["asr.preprocessor.normalize"] = "per_feature",
            ["asr.preprocessor.preemph"] = 0.97f, ["asr.preprocessor.dither"] = 1e-5f, ["asr.preprocessor.stft_center_window"] = true,
            ["asr.preprocessor.hann_periodic"] = false, ["asr.preprocessor.mask_invalid_frames"] = true,
            ["asr.rnnt.vocab_size"] = 129u, ["asr.rnnt.blank_id"] = 128u, ["asr.rnnt.pred_embed_dim"] = 32u, ["asr.rnnt.pred_hidden"] = 32u,
            ["asr.rnnt.pred_num_layers"] = 2u, ["asr.rnnt.joint_dim"] = 32u, ["asr.rnnt.max_symbols_per_step"] = 10u, ["asr.rnnt.num_prompts"] = 0u,
            ["asr.tdt.durations"] = nemo.RequireParakeet().Durations, ["asr.tokenizer.type"] = "sentencepiece_bpe",
            ["asr.tokenizer.vocab"] = ParakeetGolden.Pieces(), ["asr.tokenizer.spm_model"] = Convert.ToBase64String(nemo.Tokenizer.SentencePieceModel!),
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

        writer.AddTensor("encoder.pos_enc.pe", DType.F32, [3, 64], () => new byte[3 * 64 * 4]);
        foreach (string name in nemo.Weights.Names)
        {
            TensorView view = nemo.Weights[name];
            (string? emitted, int[] shape) = Emitted(name, view.Shape);
            if (emitted is not null && view.Type.IsFloat())
            {
                writer.AddTensor(emitted, DType.F32, shape, () => TensorConversion.FromFloats(TensorConversion.ToFloats(view), DType.F32));
            }
        }

        using var stream = new MemoryStream();
        writer.Write(stream);
        return stream.ToArray();
    }

    // conversion/asr.py's remap_for_rnnt and reshape_for_emission, and its preprocessor.fb.
    private static (string? Name, int[] Shape) Emitted(string name, int[] shape)
    {
        var lstm = System.Text.RegularExpressions.Regex.Match(name, @"^(.*\.lstm)\.(weight|bias)_(ih|hh)_l(\d+)$");
        return name switch
        {
            "preprocessor.featurizer.fb" => ("preprocessor.fb", shape[^2..]),
            _ when name.StartsWith("preprocessor.", StringComparison.Ordinal) || name.EndsWith(".num_batches_tracked", StringComparison.Ordinal) => (null, shape),
            _ when lstm.Success => ($"{lstm.Groups[1].Value}.{lstm.Groups[3].Value}_l{lstm.Groups[4].Value}.{lstm.Groups[2].Value}", shape),
            _ when name.Contains(".conv.pointwise_conv", StringComparison.Ordinal) && shape.Length == 3 => (name, shape[..2]),
            _ => (name, shape),
        };
    }
}
