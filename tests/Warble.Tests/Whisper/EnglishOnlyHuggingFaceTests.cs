using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tests.Support;
using Warble.Tests.Text;
using Warble.Text;
using Warble.Transcription;

namespace Warble.Tests.Whisper;

/// <summary>
/// An English-only Whisper model in Hugging Face layout (vocab.json ending with &lt;|endoftext|&gt; = 50256, as
/// openai/whisper-tiny.en) has openai-whisper's <c>get_tokenizer(multilingual=False)</c> special tokens, and the same
/// ids and transcript as the same model in whisper.cpp's ggml layout and in openai-whisper's <c>.pt</c>, whose tokenizer is
/// the bundled GPT-2 ranks.
/// </summary>
public class EnglishOnlyHuggingFaceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheTokenizerHasTheEnglishOnlyLayout(bool tokenizerJson)
    {
        using var files = new EnglishOnlyWhisperFiles(tokenizerJson);
        using LoadedModel hf = ModelLoader.Load(files.HfFolder);
        using LoadedModel ggml = ModelLoader.Load(files.GgmlFile);
        using LoadedModel pt = ModelLoader.Load(files.PtFile);
        WhisperTokenizer hfTokens = WhisperModel.FromLoaded(hf).Tokenizer.Tokenizer;
        WhisperTokenizer ggmlTokens = WhisperModel.FromLoaded(ggml).Tokenizer.Tokenizer;
        WhisperTokenizer ptTokens = WhisperModel.FromLoaded(pt).Tokenizer.Tokenizer;
        WhisperTokenizer bundled = WhisperTokenizer.FromEmbedded(multilingual: false, 51864);
        Assert.Equal((ModelFileFormat.PyTorch, TokenizerKind.Builtin, "gpt2"), (pt.Format, pt.Tokenizer.Kind, pt.Tokenizer.BuiltinName));
        foreach (WhisperTokenizer t in (WhisperTokenizer[])[hfTokens, ggmlTokens, ptTokens])
        {
            Assert.False(t.IsMultilingual);
            Assert.Equal(99, t.NumLanguages);
            Assert.Equal(
                (bundled.Eot, bundled.Sot, bundled.Translate, bundled.Transcribe, bundled.SotLm, bundled.SotPrev, bundled.NoSpeech, bundled.NoTimestamps, bundled.TimestampBegin),
                (t.Eot, t.Sot, t.Translate, t.Transcribe, t.SotLm, t.SotPrev, t.NoSpeech, t.NoTimestamps, t.TimestampBegin));
            Assert.Equal((50256, 50257, 50363), (t.Eot, t.Sot, t.TimestampBegin));
            Assert.Equal(bundled.NonSpeechTokens, t.NonSpeechTokens);
            Assert.Equal([50257], t.SotSequence("en", "transcribe"));
        }

        foreach (string text in SampleTexts.All().Take(60))
        {
            int[] expected = bundled.Encode(text);
            Assert.Equal(expected, hfTokens.Encode(text));
            Assert.Equal(expected, ggmlTokens.Encode(text));
            Assert.Equal(expected, ptTokens.Encode(text));
            Assert.Equal(bundled.Decode(expected), hfTokens.Decode(expected));
        }

        Assert.Equal("<|endoftext|>", hfTokens.DecodeWithTimestamps([hfTokens.Eot]));
    }

    [Fact]
    public async Task TheFolderTranscribesAsTheGgmlAndPtFiles()
    {
        using var files = new EnglishOnlyWhisperFiles(tokenizerJson: false);
        var options = new TranscribeOptions { Temperatures = [0.0] };
        string audio = SharedPaths.Fixture("audio", "jfk.wav");
        var results = new Dictionary<string, TranscriptionResult>();
        foreach (string model in (string[])[files.HfFolder, files.GgmlFile, files.PtFile])
        {
            using Transcriber transcriber = await Transcriber.LoadAsync(model);
            results[model] = await transcriber.TranscribeToResultAsync(audio, options);
        }

        TranscriptionResult fromHf = results[files.HfFolder];
        int[] tokens = [.. fromHf.Segments.SelectMany(s => s.Tokens)];
        Assert.NotEmpty(tokens);
        foreach (string other in (string[])[files.GgmlFile, files.PtFile])
        {
            Assert.Equal(tokens, results[other].Segments.SelectMany(s => s.Tokens));
            Assert.Equal(fromHf.Text, results[other].Text);
            Assert.Equal("en", results[other].Language);
        }

        Assert.Equal("en", fromHf.Language);
    }

    [Fact]
    public async Task BeamSearchDecodesAnEnglishOnlyModel()
    {
        // English-only models start from <|startoftranscript|> alone (no language or task token), one token where
        // multilingual models have three; beam search, the CLI's default, must decode from there too.
        using var files = new EnglishOnlyWhisperFiles(tokenizerJson: false);
        using Transcriber transcriber = await Transcriber.LoadAsync(files.GgmlFile);
        var options = new TranscribeOptions { Temperatures = [0.0], BeamSize = 5, SampleLen = 24 };
        TranscriptionResult beam = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"), options);
        Assert.NotEmpty(beam.Segments.SelectMany(s => s.Tokens));
        Assert.Equal("en", beam.Language);
    }
}
