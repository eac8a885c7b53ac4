using Warble.Models.Whisper;
using Warble.Tests.Support;
using Warble.Tests.Whisper;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// Whisper's batch (<see cref="WhisperBatchTranscription"/>): more recordings than one pass holds, one of several
/// windows whose previous-text prompts differ in length from the others', each gets the result it gets alone, and
/// the windows of a round really share encoder passes.
/// </summary>
public class WhisperBatchTranscriptionTests
{
    public static TheoryData<string> Decodes() => ["greedy with fallback and an initial prompt", "beam search with word timestamps"];

    [Theory]
    [MemberData(nameof(Decodes))]
    public void EachRecordingGetsItsOwnResultAndTheWindowsShareTheirPasses(string decode)
    {
        // The random fixture fails every threshold, so the greedy case decodes at all six temperatures.
        TranscribeOptions options = decode.StartsWith("greedy", StringComparison.Ordinal)
            ? new TranscribeOptions { Language = "en", SampleLen = 16, BeamSize = 1, InitialPrompt = "In the beginning" }
            : new TranscribeOptions { Language = "en", SampleLen = 16, BeamSize = 3, Temperatures = [0.0], WordTimestamps = true };
        var pipeline = new WhisperPipeline(WhisperFixture.Model("model.pt"));
        string jfk = WhisperFixture.Audio("jfk"), espeak = WhisperFixture.Audio("espeak"), longer = WhisperFixture.Audio("long");
        string sample = Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");
        string[] files = [longer, jfk, espeak, sample, jfk, espeak, sample, jfk, espeak, sample];
        Func<AudioInput>[] inputs = [.. files.Select(f => (Func<AudioInput>)(() => f)), () => new float[100]];

        var alone = new List<TranscriptionResult>();
        foreach (Func<AudioInput> input in inputs)
        {
            using TranscriptionRun run = pipeline.Start(input(), options, CancellationToken.None);
            alone.Add(run.ReadToEnd());
        }

        var passes = new List<int>();
        IReadOnlyList<TranscriptionResult> batch = WhisperBatchTranscription.Run(pipeline, [.. inputs.Select(i => i())], options, CancellationToken.None, passes.Add);

        Assert.Equal(inputs.Length, batch.Count);
        Assert.True(alone[0].Segments.Select(s => s.Seek).Distinct().Count() > 1, "the long recording should take several windows");
        for (int i = 0; i < inputs.Length; i++)
        {
            BatchTranscriptionTests.AssertSameResult(alone[i], batch[i], $"{decode}, input {i}");
        }

        // Eleven recordings: the first round takes 8 windows in one pass and 2 in another (the empty one has none); later
        // rounds take the windows of those still going, the long recording's among them.
        Assert.Equal([8, 2], passes.Take(2));
        Assert.All(passes, count => Assert.InRange(count, 1, WhisperBatchTranscription.MaxWindows));
        Assert.True(passes.Count > 2);
    }

    /// <summary>A pass holds at most 512 MiB of windows: the larger models batch fewer, medium and large-v3 one at a time.</summary>
    [Theory]
    [InlineData("tiny", 8)]
    [InlineData("base", 7)]
    [InlineData("small", 3)]
    [InlineData("medium", 1)]
    [InlineData("large-v3", 1)]
    [InlineData("large-v3-turbo", 3)]
    public void LargerModelsTakeFewerWindowsPerPass(string size, int windows)
    {
        WhisperDimensions dims = WhisperSizes.All[size];
        Assert.Equal(windows, WhisperBatchTranscription.WindowsPerPass(dims));
        Assert.True(windows * WhisperBatchSession.BytesPerWindow(dims) <= WhisperBatchTranscription.PassBytes || windows == 1);
    }

    [Fact]
    public void OneIdleBatchSessionIsKeptTheLargest()
    {
        var pipeline = new WhisperPipeline(WhisperFixture.Model("model.pt"));
        WhisperBatchSession small = pipeline.RentBatch(2), large = pipeline.RentBatch(5);
        Assert.NotSame(small, large);
        pipeline.ReturnBatch(large);
        pipeline.ReturnBatch(small);
        Assert.Same(large, pipeline.RentBatch(3)); // the larger one was kept, and fits
        Assert.NotSame(large, pipeline.RentBatch(3)); // it is rented out: a new one
        pipeline.ReturnBatch(large);
        Assert.NotSame(large, pipeline.RentBatch(6)); // too small for six windows
        WhisperBatchSession oversized = pipeline.RentBatch(WhisperBatchTranscription.MaxWindows + 1);
        pipeline.ReturnBatch(oversized); // more than a pass holds (--vad --batch-size): let go
        Assert.NotSame(oversized, pipeline.RentBatch(1));
    }
}
