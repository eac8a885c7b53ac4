using System.Text.Json;
using Warble.Audio;
using Warble.Tests.Support;
using Warble.Transcription;
using Xunit.Abstractions;

namespace Warble.Tests.Parakeet;

/// <summary>The transcriber from the WAV file to NeMo's tokens, durations and timestamps.</summary>
public class ParakeetTranscriberTests(ITestOutputHelper output)
{
    private static readonly Lazy<ParakeetTranscriber> Transcriber = new(() => ParakeetTranscriber.FromLoaded(ParakeetGolden.Loaded.Value));

    [Theory]
    [InlineData(0)]
    [InlineData(159)]
    public void AudioShorterThanOneHopGivesAnEmptyTranscript(int samples)
    {
        TranscriptionResult result = Transcriber.Value.Transcribe(new float[samples], CancellationToken.None);
        Assert.Equal("", result.Text);
        Assert.Empty(result.Segments);
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void FeaturesAndEncoderMatchNeMoFromTheWav(string stem)
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav"));
        float[] expected = ParakeetGolden.Npy(stem, "features.npy", out int[] shape);
        float[] features = Transcriber.Value.Features(audio, out int frames);
        Assert.Equal(shape[1], frames);
        // tolerances.json: NeMo's float32 features differ from a float64 re-implementation by up to 2.3e-4.
        ParakeetGolden.AssertClose(expected, features, 5e-4f, $"{stem} features");

        float[] encoder = Transcriber.Value.Encode(audio, out int encoded);
        Assert.Equal(ParakeetGolden.Decode(stem).GetProperty("encoded_length").GetInt32(), encoded);
        ParakeetGolden.AssertClose(ParakeetGolden.Npy(stem, "encoder.npy", out _), encoder, 2e-4f, $"{stem} encoder");
    }

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void TranscribeMatchesDecodeJsonAndTimestamps(string stem)
    {
        JsonElement decode = ParakeetGolden.Decode(stem);
        TranscriptionResult result = Transcriber.Value.Transcribe(AudioLoader.Load(SharedPaths.Fixture("audio", stem + ".wav")), CancellationToken.None);
        Assert.Equal(decode.GetProperty("text").GetString(), result.Text);
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("tokens")), result.Segments.SelectMany(s => s.Tokens));
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("timestep")), result.Segments.SelectMany(s => s.TokenFrames!));
        Assert.Equal(ParakeetGolden.Ints(decode.GetProperty("token_duration")), result.Segments.SelectMany(s => s.TokenDurations!));

        JsonElement timestamps = decode.GetProperty("timestamps");
        Assert.Equal(
            timestamps.GetProperty("segment").EnumerateArray().Select(e => (" " + e.GetProperty("segment").GetString(), e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble())),
            result.Segments.Select(s => (s.Text, s.Start, s.End)));
        Assert.Equal(
            timestamps.GetProperty("word").EnumerateArray().Select(e => (" " + e.GetProperty("word").GetString(), e.GetProperty("start").GetDouble(), e.GetProperty("end").GetDouble())),
            result.Segments.SelectMany(s => s.Words!).Select(w => (w.Text, w.Start, w.End)));
    }

    [Fact]
    public void SegmentsAreConsistentWithTheirWords()
    {
        TranscriptionResult result = Transcriber.Value.Transcribe(AudioLoader.Load(SharedPaths.Fixture("audio", "jfk.wav")), CancellationToken.None);
        Assert.Equal("", result.Language);
        double previous = 0;
        foreach (Segment segment in result.Segments)
        {
            Assert.Equal(string.Concat(segment.Words!.Select(w => w.Text)), segment.Text);
            Assert.Equal(segment.Words![0].Start, segment.Start);
            Assert.Equal(segment.Words[^1].End, segment.End);
            Assert.Equal(segment.Tokens.Count, segment.TokenFrames!.Count);
            Assert.InRange(segment.AvgLogprob!.Value, double.NegativeInfinity, 0);
            foreach (Word word in segment.Words)
            {
                Assert.InRange(word.Start, previous, word.End);
                Assert.InRange(word.Probability, 0, 1);
                previous = word.Start;
            }
        }
    }

    [Fact]
    public void WindowedEncodingOfLongAudioStaysCloseToOnePass()
    {
        float[] audio = AudioLoader.Load(SharedPaths.Fixture("audio", "long.wav"));
        ParakeetTranscriber t = Transcriber.Value;
        float[] single = new ParakeetTranscriber(t.Model, t.Preprocessor, t.Tokenizer) { MaxFramesPerPass = int.MaxValue }.Encode(audio, out int frames);
        float[] windowed = new ParakeetTranscriber(t.Model, t.Preprocessor, t.Tokenizer) { MaxFramesPerPass = 400 }.Encode(audio, out int windowedFrames);
        Assert.Equal(frames, windowedFrames);
        Assert.True(frames > 2 * 200, "at least three windows of 200 centre frames");
        double meanDiff = single.Zip(windowed, (x, y) => Math.Abs(x - y)).Average();
        double meanMagnitude = single.Average(x => Math.Abs(x));
        int d = t.Model.Encoder.Config.DModel;
        double shiftedDiff = single.Skip(d).Zip(windowed, (x, y) => Math.Abs(x - y)).Average();
        int[] singleTokens = t.Model.DecodeGreedy(single, frames, frames).Tokens;
        int[] windowedTokens = t.Model.DecodeGreedy(windowed, frames, frames).Tokens;
        double distance = Sequences.EditDistance(singleTokens, windowedTokens) / (double)singleTokens.Length;
        output.WriteLine($"{frames} frames, 5 windows: mean |diff| {meanDiff:G3} (one frame off: {shiftedDiff:G3}; mean |x| {meanMagnitude:G3}), token edit distance {distance:P1} of {singleTokens.Length}");
        // The random fixture's attention is nearly uniform, so every frame depends on the whole input and the windows
        // change it (and its near-tied token decisions) much more than a trained model's mostly local attention would:
        // a misaligned window would differ by the order of |x| itself.
        Assert.True(meanDiff < 0.1 * meanMagnitude && meanDiff < 0.25 * shiftedDiff, $"mean |diff| {meanDiff} against mean |x| {meanMagnitude}, one frame off {shiftedDiff}");
    }

    [Fact]
    public void CancelledTokenStopsTranscription() =>
        Assert.Throws<OperationCanceledException>(() => Transcriber.Value.Transcribe(new float[16000], new CancellationToken(canceled: true)));
}
