using Warble.Audio;
using Warble.Cli;
using Warble.Cli.Commands;
using Warble.Formats;
using Warble.Tests.Parakeet;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Formats;

/// <summary>
/// whisper.cpp's Parakeet ggml files as files: its own test models (one runs, one is refused in one line), every
/// hyper-parameter hostile, the layout told apart from whisper.cpp's Whisper files, and <c>inspect</c> and
/// <c>convert</c> on it.
/// </summary>
public class WhisperCppParakeetFileTests
{
    private static readonly string[] HparamNames =
    [
        "n_vocab", "n_audio_ctx", "n_audio_state", "n_audio_head", "n_audio_layer", "n_mels", "ftype", "n_fft",
        "subsampling_factor", "n_subsampling_channels", "n_conv_kernel", "n_pred_dim", "n_pred_layers", "n_tdt_durations", "n_max_tokens",
    ];

    private static string ThirdParty(string file) => SharedPaths.Fixture("thirdparty", file);

    [Fact]
    public void WhisperCppsTestModelLoadsAndTranscribes()
    {
        using LoadedModel loaded = ModelLoader.Load(ThirdParty("for-tests-ggml-parakeet-tdt.bin"));
        Assert.Equal(ModelFileFormat.GgmlParakeet, loaded.Format);
        Models.Parakeet.ParakeetConfig config = loaded.RequireParakeet();
        Assert.Equal((8, 1, 2, 3), (config.Encoder.DModel, config.Encoder.NLayers, config.Encoder.NHeads, config.Encoder.ConvKernelSize));
        Assert.Equal([0, 1], config.Durations);
        Assert.Equal(64, config.Preprocessor.WinLength);
        Assert.Equal(160, config.Preprocessor.HopLength);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav"));
        TranscriptionResult result = transcriber.Transcribe(audio, CancellationToken.None);
        Assert.Equal((audio.Length / 160) + 1, transcriber.Features(audio, out _).Length / 16);
        Assert.All(result.Segments.SelectMany(s => s.Tokens), t => Assert.InRange(t, 0, 9));
    }

    [Fact]
    public void WhisperCppsBadNfftModelIsRefusedInOneLine()
    {
        string path = ThirdParty("for-tests-ggml-parakeet-tdt-bad-nfft0.bin");
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(path).Dispose());
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(Path.GetFileName(path) + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains("n_fft is 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhisperFilesAreStillWhisper()
    {
        foreach (string file in (string[])["for-tests-ggml-tiny.bin", "for-tests-ggml-tiny.en.bin", "for-tests-ggml-large.bin"])
        {
            using var mapped = MappedFile.Open(ThirdParty(file));
            Assert.Equal(ModelFileFormat.Ggml, ModelLoader.Detect(mapped));
        }

        using var tiny = MappedFile.Open(SharedPaths.Fixture("whisper", "whisper-tiny-random", "ggml-model.bin"));
        Assert.Equal(ModelFileFormat.Ggml, ModelLoader.Detect(tiny));
    }

    public static TheoryData<int, int> HostileHparams()
    {
        var data = new TheoryData<int, int>();
        for (int i = 0; i < HparamNames.Length; i++)
        {
            data.Add(i, -1);
            data.Add(i, int.MaxValue);
        }

        data.Add(7, 0);
        data.Add(3, 3);
        data.Add(8, 6);
        data.Add(10, 8);
        return data;
    }

    /// <summary>Each header value out of range is refused when the file is loaded, in one line naming the file and the value.</summary>
    [Theory]
    [MemberData(nameof(HostileHparams))]
    public void EveryHyperParameterIsRangeChecked(int index, int value)
    {
        byte[] bytes = File.ReadAllBytes(WhisperCppParakeetTests.File("f32"));
        BitConverter.GetBytes(value).CopyTo(bytes, 4 + (4 * index));
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(new ArrayRegion("hostile.bin", bytes), "hostile.bin", []).Dispose());
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith("hostile.bin: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(HparamNames[index] + " is " + value, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(64, 0, "mel filters")]
    [InlineData(68, 256, "mel filters")]
    [InlineData(72 + (128 * 257 * 4), 4000, "window")]
    [InlineData(72 + (128 * 257 * 4), 0, "window")]
    [InlineData(76 + (128 * 257 * 4) + (400 * 4), 5000, "TDT durations")]
    [InlineData(76 + (128 * 257 * 4) + (400 * 4) + 20, 129, "vocabulary")]
    public void SectionSizesAreChecked(int offset, int value, string what)
    {
        byte[] bytes = File.ReadAllBytes(WhisperCppParakeetTests.File("f32"));
        BitConverter.GetBytes(value).CopyTo(bytes, offset);
        var e = Assert.Throws<ModelFormatException>(() => ModelLoader.Load(new ArrayRegion("hostile.bin", bytes), "hostile.bin", []).Dispose());
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectNamesTheLayout()
    {
        using LoadedModel loaded = ModelLoader.Load(WhisperCppParakeetTests.File("q8_0"));
        var text = new StringWriter();
        InspectCommand.Describe(loaded, listTensors: false, text);
        Assert.Contains("format:        GgmlParakeet (whisper.cpp Parakeet ggml)", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("architecture:  Parakeet (Tdt)", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConvertWritesAGgufThatTranscribesAlike()
    {
        string output = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.gguf");
        try
        {
            Assert.Equal(0, CliApp.Run("convert", WhisperCppParakeetTests.File("q5_0"), "-o", output, "--type", "f32"));
            using LoadedModel ggml = ModelLoader.Load(WhisperCppParakeetTests.File("q5_0"));
            using LoadedModel gguf = ModelLoader.Load(output);
            Assert.Equal(ModelFileFormat.Gguf, gguf.Format);
            float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", "espeak.wav"));
            TranscriptionResult expected = ParakeetTranscriber.FromLoaded(ggml).Transcribe(audio, CancellationToken.None);
            TranscriptionResult actual = ParakeetTranscriber.FromLoaded(gguf).Transcribe(audio, CancellationToken.None);
            Assert.Equal(expected.Text, actual.Text);
            Assert.Equal(expected.Segments.SelectMany(s => s.Tokens), actual.Segments.SelectMany(s => s.Tokens));
            Assert.Equal(expected.Segments.SelectMany(s => s.TokenDurations!), actual.Segments.SelectMany(s => s.TokenDurations!));
        }
        finally
        {
            File.Delete(output);
        }
    }
}
