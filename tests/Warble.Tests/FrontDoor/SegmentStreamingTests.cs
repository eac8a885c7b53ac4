using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>Segments come out as they are decoded, with progress, and an unpunctuated Parakeet model gets segments of bounded length.</summary>
public class SegmentStreamingTests
{
    private static readonly string Demo = Path.Combine(SharedPaths.Repo, "models", "demo-fastconformer-ctc.gguf");

    [Fact]
    public async Task ParakeetSegmentsArriveChunkByChunkWithProgress()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        float[] audio = DemoAudio.RepeatedSample();
        var reports = new List<TranscriptionProgress>();
        var options = new TranscribeOptions { MaxPassSeconds = 12, MaxSegmentSeconds = 10, Progress = new Collect(reports) };
        var arrivals = new List<(Segment Segment, double Decoded)>();
        await foreach (Segment segment in transcriber.TranscribeAsync(audio, options))
        {
            arrivals.Add((segment, reports[^1].Seconds));
        }

        double total = reports[^1].TotalSeconds;
        Assert.Equal(audio.Length / 16000.0, total, 1);
        Assert.True(arrivals.Count > 4, $"{arrivals.Count} segments");
        Assert.True(arrivals[0].Decoded < total / 2, $"the first segment came after {arrivals[0].Decoded} of {total} s were decoded");
        Assert.True(reports.Select(r => r.Seconds).SequenceEqual(reports.Select(r => r.Seconds).Order()), "progress went backwards");
        Assert.All(arrivals, a => Assert.True(a.Segment.End - a.Segment.Start <= 10, $"a segment of {a.Segment.End - a.Segment.Start} s"));
        Assert.Equal(Enumerable.Range(0, arrivals.Count), arrivals.Select(a => a.Segment.Id));
    }

    [Fact]
    public async Task LengthCutsRegroupTheWordsWithoutChangingThem()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Demo);
        float[] audio = DemoAudio.RepeatedSample();
        TranscriptionResult whole = await transcriber.TranscribeToResultAsync(audio, new TranscribeOptions { MaxSegmentSeconds = 1e6 });
        TranscriptionResult cut = await transcriber.TranscribeToResultAsync(audio, new TranscribeOptions { MaxSegmentSeconds = 8 });
        Assert.Single(whole.Segments);
        Assert.True(cut.Segments.Count >= 10, $"{cut.Segments.Count} segments");
        Assert.Equal(whole.Text, cut.Text);
        Assert.Equal(whole.Segments.SelectMany(s => s.Words!), cut.Segments.SelectMany(s => s.Words!));
        Assert.Equal(whole.Segments.SelectMany(s => s.Tokens), cut.Segments.SelectMany(s => s.Tokens));
        foreach (Segment segment in cut.Segments)
        {
            Assert.True(segment.End - segment.Start <= 8 || segment.Words!.Count == 1, $"{segment.Start}-{segment.End}");
            Assert.Equal(segment.Words![0].Start, segment.Start);
            Assert.Equal(string.Concat(segment.Words.Select(w => w.Text)), segment.Text);
        }
    }

    [Fact]
    public async Task WhisperResultsReportProgressToo()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        var reports = new List<TranscriptionProgress>();
        await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"),
            new TranscribeOptions { Language = "en", Temperatures = [0.0], SampleLen = 20, Progress = new Collect(reports) });
        Assert.NotEmpty(reports);
        Assert.Equal(reports[^1].TotalSeconds, reports[^1].Seconds);
        Assert.Contains(reports, r => r.Segment is not null);
    }

    /// <summary>Records reports synchronously (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class Collect(List<TranscriptionProgress> reports) : IProgress<TranscriptionProgress>
    {
        public void Report(TranscriptionProgress value) => reports.Add(value);
    }
}
