using System.Text.Json;
using Warble.Models.Whisper;
using Warble.Models.Whisper.Decoding;
using Warble.Transcription;

namespace Warble.Tests.Whisper;

/// <summary>decode(), detect_language() and transcribe() against openai-whisper's goldens, in every file format.</summary>
public class WhisperDecodeTests
{
    public static TheoryData<string, string> Cases() => WhisperForwardTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void DecodeRunsMatchGolden(string format, string audio)
    {
        WhisperModel model = WhisperFixture.Model(format);
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(WhisperFixture.Golden(audio, "decode.json")));
        IWhisperDecoderSession session = model.Encode(WhisperFixture.Npy(audio, "mel.npy"));
        foreach (string run in new[] { "greedy_without_timestamps", "greedy_with_timestamps", "beam5_without_timestamps" })
        {
            JsonElement options = golden.RootElement.GetProperty(run).GetProperty("options");
            JsonElement expected = golden.RootElement.GetProperty(run).GetProperty("result");
            var decoding = new DecodingOptions
            {
                Language = options.GetProperty("language").GetString(),
                Temperature = options.GetProperty("temperature").GetDouble(),
                WithoutTimestamps = options.GetProperty("without_timestamps").GetBoolean(),
                BeamSize = options.TryGetProperty("beam_size", out JsonElement beam) && beam.ValueKind == JsonValueKind.Number ? beam.GetInt32() : null,
            };
            DecodingResult result = new DecodingTask(model.Tokenizer, decoding, model.NTextCtx, model.NAudioCtx, model.NVocab).Run(session);
            Assert.Equal(expected.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()), result.Tokens);
            Assert.Equal(expected.GetProperty("text").GetString(), result.Text);
            AssertClose(expected.GetProperty("avg_logprob").GetDouble(), result.AvgLogprob, run);
            AssertClose(expected.GetProperty("no_speech_prob").GetDouble(), result.NoSpeechProb, run);
            Assert.Equal(expected.GetProperty("compression_ratio").GetDouble(), result.CompressionRatio, 12);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LanguageDetectionMatchesGolden(string format, string audio)
    {
        WhisperModel model = WhisperFixture.Model(format);
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(WhisperFixture.Golden(audio, "detect_language.json")));
        IWhisperDecoderSession session = model.Encode(WhisperFixture.Npy(audio, "mel.npy"));
        (int token, Dictionary<string, double> probabilities) = LanguageDetection.Detect(session, model.Tokenizer.Special);
        Assert.Equal(golden.RootElement.GetProperty("language_token").GetInt32(), token);
        foreach (JsonElement entry in golden.RootElement.GetProperty("top5").EnumerateArray())
        {
            AssertClose(entry.GetProperty("probability").GetDouble(), probabilities[entry.GetProperty("language").GetString()!], "language");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TranscribeMatchesGolden(string format, string audio)
    {
        WhisperModel model = WhisperFixture.Model(format);
        using JsonDocument golden = JsonDocument.Parse(File.ReadAllText(WhisperFixture.Golden(audio, "transcribe.json")));
        MelSpectrogram mel = model.LogMel(Warble.Audio.AudioLoader.Load(WhisperFixture.Audio(audio)));
        foreach ((string run, bool words) in new[] { ("plain", false), ("word_timestamps", true) })
        {
            var options = new WhisperTranscribeOptions
            {
                Temperatures = [0.0],
                WordTimestamps = words,
                Decoding = new DecodingOptions { Language = "en" },
            };
            TranscriptionResult result = new WhisperTranscriber(model, model.Tokenizer, mel, options).TranscribeToResult();
            TranscriptionResult expected = TranscriptionJson.Deserialize(golden.RootElement.GetProperty(run).GetProperty("result").GetRawText());
            Assert.Equal(expected.Text, result.Text);
            Assert.Equal(expected.Segments.Count, result.Segments.Count);
            for (int i = 0; i < expected.Segments.Count; i++)
            {
                Segment e = expected.Segments[i], a = result.Segments[i];
                Assert.Equal((e.Id, e.Seek, e.Text), (a.Id, a.Seek, a.Text));
                Assert.Equal(e.Tokens, a.Tokens);
                Assert.Equal(e.Start, a.Start, 6);
                Assert.Equal(e.End, a.End, 6);
                AssertClose(e.AvgLogprob!.Value, a.AvgLogprob!.Value, run);
                AssertClose(e.NoSpeechProb!.Value, a.NoSpeechProb!.Value, run);
                Assert.Equal(e.CompressionRatio!.Value, a.CompressionRatio!.Value, 12);
                Assert.Equal(e.Words?.Count, a.Words?.Count);
                for (int w = 0; w < (e.Words?.Count ?? 0); w++)
                {
                    Assert.Equal(e.Words![w].Text, a.Words![w].Text);
                    Assert.Equal(e.Words[w].Start, a.Words[w].Start, 6);
                    Assert.Equal(e.Words[w].End, a.Words[w].End, 6);
                    AssertClose(e.Words[w].Probability, a.Words[w].Probability, "word probability");
                }
            }
        }
    }

    /// <summary>Probabilities: relative 1e-4 or absolute 1e-6, as the fixture README suggests.</summary>
    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(1e-6, 1e-4 * Math.Abs(expected)), $"{what}: expected {expected}, got {actual}");
}
