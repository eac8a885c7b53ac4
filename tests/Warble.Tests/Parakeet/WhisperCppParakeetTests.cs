using Warble.Audio;
using Warble.Formats;
using Warble.Models.Parakeet;
using Warble.Tensors;
using Warble.Tests.Support;
using Warble.Text;
using Warble.Transcription;
using Xunit.Abstractions;

namespace Warble.Tests.Parakeet;

/// <summary>
/// whisper.cpp's Parakeet ggml layout (the parakeet-tdt-random model through its convert-parakeet-to-ggml.py and
/// parakeet-quantize): the f32 file reproduces NeMo's goldens as the .nemo does; the f16 and quantized files load and
/// transcribe; the layout is told apart from whisper.cpp's Whisper files and converts to GGUF.
/// </summary>
public class WhisperCppParakeetTests(ITestOutputHelper output)
{
    private static readonly Lazy<LoadedModel> F32 = new(() => ModelLoader.Load(File("f32")));

    private static readonly Lazy<ParakeetTranscriber> Transcriber = new(() => ParakeetTranscriber.FromLoaded(F32.Value));

    public static string File(string type) =>
        SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "whisper.cpp", $"ggml-model-{type}.bin");

    [Fact]
    public void TheLayoutIsDetectedAndItsConfigIsTheNemoOne()
    {
        Assert.Equal(ModelFileFormat.GgmlParakeet, F32.Value.Format);
        ParakeetConfig expected = ParakeetGolden.Loaded.Value.RequireParakeet(), actual = F32.Value.RequireParakeet();
        Assert.Equal(expected.Encoder, actual.Encoder);
        Assert.Equal(expected.Decoder, actual.Decoder);
        Assert.Equal(expected.Joint, actual.Joint);
        Assert.Equal(expected.Durations, actual.Durations);
        Assert.Equal(expected.MaxSymbols, actual.MaxSymbols);
        Assert.Equal(expected.Preprocessor with { Dither = 0 }, actual.Preprocessor);
    }

    [Fact]
    public void TheVocabularyHasTheNemoPiecesAndDecodesAlike()
    {
        SentencePieceTokenizer tokenizer = SentencePieceTokenizer.FromBytes(F32.Value.Tokenizer.SentencePieceModel, "ggml");
        Assert.Equal(ParakeetGolden.Pieces(), Enumerable.Range(0, tokenizer.Count).Select(tokenizer.IdToPiece));
        Assert.Equal(0, tokenizer.UnkId);
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void FeaturesAndEncoderMatchNeMoFromTheWav(string stem)
        => ParakeetGolden.AssertFeaturesAndEncoderMatch(Transcriber.Value, stem);

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void TranscribeMatchesDecodeJsonAndTimestamps(string stem)
        => ParakeetGolden.AssertTranscriptMatches(Transcriber.Value, stem);

    /// <summary>f16 and quantized files carry rounding: they must load and transcribe, close to the f32 file's tokens.</summary>
    [Theory]
    [InlineData("f16", 0.5, 5e-3f)]
    [InlineData("q8_0", 0.5, 6e-2f)]
    [InlineData("q5_0", 0.1, 0.6f)]
    public void RoundedFilesTranscribeCloseToTheF32File(string type, double minAgreement, float encoderAtol)
    {
        using LoadedModel loaded = ModelLoader.Load(File(type));
        Assert.Equal(ModelFileFormat.GgmlParakeet, loaded.Format);
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        foreach (string stem in (string[])["jfk", "espeak"])
        {
            float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
            float encoderDiff = ParakeetGolden.MaxAbsDiff(Transcriber.Value.Encode(audio, out _), transcriber.Encode(audio, out _));
            output.WriteLine($"{type} {stem}: encoder max |diff| {encoderDiff:G3} from the f32 file's");
            Assert.True(encoderDiff <= encoderAtol, $"{type} {stem}: encoder max |diff| {encoderDiff} > {encoderAtol}");
            int[] reference = Transcriber.Value.Transcribe(audio, CancellationToken.None).Segments.SelectMany(s => s.Tokens).ToArray();
            int[] tokens = transcriber.Transcribe(audio, CancellationToken.None).Segments.SelectMany(s => s.Tokens).ToArray();
            double agreement = 1 - (Sequences.EditDistance(reference, tokens) / (double)Math.Max(reference.Length, tokens.Length));
            int prefix = reference.Zip(tokens).TakeWhile(p => p.First == p.Second).Count();
            output.WriteLine($"{type} {stem}: {tokens.Length} tokens against {reference.Length}, {agreement:P1} agreement (1 - edit distance), first {prefix} identical");
            Assert.True(agreement >= minAgreement, $"{type} {stem}: {agreement:P1} token agreement with f32");
        }
    }

    [Fact]
    public void AConvertedGgufTranscribesAsTheGgmlFile()
    {
        string temp = Path.Combine(Path.GetTempPath(), $"warble-ggml-parakeet-{Guid.NewGuid():N}.gguf");
        try
        {
            using (var stream = System.IO.File.Create(temp))
            {
                GgufModelWriter.Write(F32.Value, DType.F32, stream);
            }

            using LoadedModel gguf = ModelLoader.Load(temp);
            Assert.Equal(ModelFileFormat.Gguf, gguf.Format);
            ParakeetTranscriber converted = ParakeetTranscriber.FromLoaded(gguf);
            foreach (string stem in (string[])["jfk", "espeak"])
            {
                float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
                TranscriptionResult expected = Transcriber.Value.Transcribe(audio, CancellationToken.None);
                TranscriptionResult actual = converted.Transcribe(audio, CancellationToken.None);
                Assert.Equal(expected.Text, actual.Text);
                Assert.Equal(expected.Segments.SelectMany(s => s.Tokens), actual.Segments.SelectMany(s => s.Tokens));
                Assert.Equal(expected.Segments.SelectMany(s => s.TokenFrames!), actual.Segments.SelectMany(s => s.TokenFrames!));
                Assert.Equal(expected.Segments.SelectMany(s => s.TokenDurations!), actual.Segments.SelectMany(s => s.TokenDurations!));
            }
        }
        finally
        {
            System.IO.File.Delete(temp);
        }
    }
}
