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
        => ParakeetGolden.AssertFeaturesAndEncoderMatch(Transcriber.Value, stem);

    [Theory]
    [InlineData("jfk")]
    [InlineData("espeak")]
    public void TranscribeMatchesDecodeJsonAndTimestamps(string stem)
        => ParakeetGolden.AssertTranscriptMatches(Transcriber.Value, stem);

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
