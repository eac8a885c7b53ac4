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
/// ids and transcript as the same model in whisper.cpp's ggml layout and as a <c>.pt</c> gets from the bundled GPT-2 ranks.
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
        WhisperTokenizer hfTokens = WhisperModel.FromLoaded(hf).Tokenizer.Tokenizer;
        WhisperTokenizer ggmlTokens = WhisperModel.FromLoaded(ggml).Tokenizer.Tokenizer;
        WhisperTokenizer pt = WhisperTokenizer.FromEmbedded(multilingual: false, 51864);
        foreach (WhisperTokenizer t in (WhisperTokenizer[])[hfTokens, ggmlTokens])
        {
            Assert.False(t.IsMultilingual);
            Assert.Equal(99, t.NumLanguages);
            Assert.Equal(
                (pt.Eot, pt.Sot, pt.Translate, pt.Transcribe, pt.SotLm, pt.SotPrev, pt.NoSpeech, pt.NoTimestamps, pt.TimestampBegin),
                (t.Eot, t.Sot, t.Translate, t.Transcribe, t.SotLm, t.SotPrev, t.NoSpeech, t.NoTimestamps, t.TimestampBegin));
            Assert.Equal((50256, 50257, 50363), (t.Eot, t.Sot, t.TimestampBegin));
            Assert.Equal(pt.NonSpeechTokens, t.NonSpeechTokens);
            Assert.Equal([50257], t.SotSequence("en", "transcribe"));
        }

        foreach (string text in SampleTexts.All().Take(60))
        {
            int[] expected = pt.Encode(text);
            Assert.Equal(expected, hfTokens.Encode(text));
            Assert.Equal(expected, ggmlTokens.Encode(text));
            Assert.Equal(pt.Decode(expected), hfTokens.Decode(expected));
        }

        Assert.Equal("<|endoftext|>", hfTokens.DecodeWithTimestamps([hfTokens.Eot]));
    }

    [Fact]
    public async Task TheFolderTranscribesAsTheGgmlFile()
    {
        using var files = new EnglishOnlyWhisperFiles(tokenizerJson: false);
        var options = new TranscribeOptions { Temperatures = [0.0] };
        string audio = SharedPaths.Fixture("audio", "jfk.wav");
        TranscriptionResult fromHf, fromGgml;
        using (Transcriber hf = await Transcriber.LoadAsync(files.HfFolder))
        {
            fromHf = await hf.TranscribeToResultAsync(audio, options);
        }

        using (Transcriber ggml = await Transcriber.LoadAsync(files.GgmlFile))
        {
            fromGgml = await ggml.TranscribeToResultAsync(audio, options);
        }

        Assert.NotEmpty(fromGgml.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(fromGgml.Segments.SelectMany(s => s.Tokens), fromHf.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(fromGgml.Text, fromHf.Text);
        Assert.Equal("en", fromHf.Language);
    }
}
