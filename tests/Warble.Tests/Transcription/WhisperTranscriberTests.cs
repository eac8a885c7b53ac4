using Warble.Models.Whisper.Decoding;
using Warble.Tests.Decoding;
using Warble.Transcription;

namespace Warble.Tests.Transcription;

public class WhisperTranscriberTests
{
    private const int Tb = FakeTokenizer.TimestampBegin;

    private sealed class FakeMel(int contentFrames) : IMelWindowSource
    {
        public int NMels => 80;

        public int ContentFrames => contentFrames;

        public List<(int Seek, int Size)> Reads { get; } = [];

        public void ReadWindow(int seek, int segmentSize, Span<float> destination) => Reads.Add((seek, segmentSize));

        public void ReadFirstFrames(Span<float> destination) => Reads.Add((-1, 3000));
    }

    private sealed class FakeModel(ScriptedSession session) : IWhisperModel
    {
        public int NAudioCtx => 1500;

        public int NTextCtx => 448;

        public int NVocab => FakeTokenizer.NVocab;

        public IWhisperDecoderSession Encode(ReadOnlySpan<float> mel) => session;
    }

    /// <summary>Logits keyed by the tokens sampled after the last &lt;|transcribe|&gt; (prompts may precede it).</summary>
    private static Func<IReadOnlyList<int>, float[]> Script(Dictionary<string, float[]> steps) => history =>
    {
        int start = history.ToList().LastIndexOf(FakeTokenizer.Transcribe);
        if (start < 0)
        {
            return ScriptedSession.Logits((3, 0f));
        }

        string key = string.Join(",", history.Skip(start + 1));
        return steps.TryGetValue(key, out var logits) ? logits : ScriptedSession.Logits((FakeTokenizer.Eot, 0f));
    };

    private static float[] One(int token) => ScriptedSession.Logits((token, 5f));

    [Fact]
    public void SegmentsSplitAtConsecutiveTimestampsAndSeekFollowsTheRules()
    {
        var steps = new Dictionary<string, float[]>
        {
            // window at seek 0: two closed segments, then unfinished text → seek to the last timestamp (2.00 s)
            [""] = One(Tb),
            [$"{Tb}"] = One(3),
            [$"{Tb},3"] = One(Tb + 50),
            [$"{Tb},3,{Tb + 50}"] = One(Tb + 50),
            [$"{Tb},3,{Tb + 50},{Tb + 50}"] = One(4),
            [$"{Tb},3,{Tb + 50},{Tb + 50},4"] = One(Tb + 100),
            [$"{Tb},3,{Tb + 50},{Tb + 50},4,{Tb + 100}"] = One(Tb + 100),
            [$"{Tb},3,{Tb + 50},{Tb + 50},4,{Tb + 100},{Tb + 100}"] = One(7),
        };
        var session = new ScriptedSession(Script(steps));
        var mel = new FakeMel(4000);
        var options = new WhisperTranscribeOptions { Temperatures = [0.0], Decoding = new DecodingOptions { Language = "en" } };
        var transcriber = new WhisperTranscriber(new FakeModel(session), new FakeTokenizer(), mel, options);
        steps[$"{Tb},3,{Tb + 50},{Tb + 50},4,{Tb + 100},{Tb + 100},7"] = One(FakeTokenizer.Eot);
        var result = transcriber.TranscribeToResult();

        Assert.Equal((0, 3000), mel.Reads[0]);
        Assert.Equal((200, 3000), mel.Reads[1]);
        var first = result.Segments[0];
        Assert.Equal((0, 0.0, 1.0, " w3"), (first.Seek, first.Start, first.End, first.Text));
        Assert.Equal([Tb, 3, Tb + 50], first.Tokens);
        var second = result.Segments[1];
        Assert.Equal((0, 1.0, 2.0, " w4"), (second.Seek, second.Start, second.End, second.Text));
        Assert.Null(first.Words);
        Assert.Equal(0.0, first.Temperature);

        // every later window decodes the same script with the previous text as prompt: seek advances by 200 each time
        Assert.All(result.Segments.Skip(2), s => Assert.Equal(200 * (s.Id / 2), s.Seek));
        Assert.Equal(Enumerable.Range(0, result.Segments.Count).ToArray(), result.Segments.Select(s => s.Id).ToArray());
        Assert.StartsWith(" w3 w4 w3 w4", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void SingleTimestampEndingAdvancesByTheWholeWindowAndTimestampsAreOffsetDoubles()
    {
        var steps = new Dictionary<string, float[]>
        {
            [""] = One(Tb),
            [$"{Tb}"] = One(9),
            [$"{Tb},9"] = One(Tb + 37),
        };
        var mel = new FakeMel(3500);
        var options = new WhisperTranscribeOptions { Temperatures = [0.0], Decoding = new DecodingOptions { Language = "en" } };
        var result = new WhisperTranscriber(new FakeModel(new ScriptedSession(Script(steps))), new FakeTokenizer(), mel, options).TranscribeToResult();

        Assert.Equal([(0, 3000), (3000, 500)], mel.Reads);
        Assert.Equal(2, result.Segments.Count);
        Assert.Equal(0 + (37 * 0.02), result.Segments[0].End);
        Assert.Equal(3000, result.Segments[1].Seek);
        Assert.Equal(30.0 + (37 * 0.02), result.Segments[1].End); // time_offset + duration, computed as Python does
    }

    [Fact]
    public void LowLogprobFallsBackThroughEveryTemperatureAndResetsThePrompt()
    {
        var flat = ScriptedSession.Logits([.. Enumerable.Range(3, 37).Select(t => (t, 0f))]);
        var steps = new Dictionary<string, float[]> { [""] = One(Tb) };
        for (int t = 3; t < 40; t++)
        {
            steps[$"{Tb},{t}"] = One(FakeTokenizer.Eot);
        }

        steps[$"{Tb}"] = flat;
        var mel = new FakeMel(1000);
        var options = new WhisperTranscribeOptions { Decoding = new DecodingOptions { Language = "en" } };
        var result = new WhisperTranscriber(new FakeModel(new ScriptedSession(Script(steps))), new FakeTokenizer(), mel, options).TranscribeToResult();

        var segment = Assert.Single(result.Segments);
        Assert.Equal(1.0, segment.Temperature);
        Assert.True(segment.AvgLogprob < -1.0);
        Assert.Equal(10.0, segment.End);
    }

    [Fact]
    public void ClipTimestampsParseLikeOpenai()
    {
        Assert.Equal([(0, 4000)], WhisperTranscriber.ParseClipTimestamps("0", 4000));
        Assert.Equal([(150, 320), (1000, 4000)], WhisperTranscriber.ParseClipTimestamps("1.5,3.2,10", 4000));
        Assert.Equal([(0, 4000)], WhisperTranscriber.ParseClipTimestamps("", 4000));
        Assert.Throws<ArgumentException>(() => WhisperTranscriber.ParseClipTimestamps("a", 4000));
    }

    [Fact]
    public void CancellationStopsBeforeTheNextWindow()
    {
        var mel = new FakeMel(9000);
        var options = new WhisperTranscribeOptions { Temperatures = [0.0], Decoding = new DecodingOptions { Language = "en" } };
        var steps = new Dictionary<string, float[]> { [""] = One(Tb), [$"{Tb}"] = One(5) };
        var transcriber = new WhisperTranscriber(new FakeModel(new ScriptedSession(Script(steps))), new FakeTokenizer(), mel, options);
        using var cts = new CancellationTokenSource();
        var enumerator = transcriber.Transcribe(cts.Token).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => enumerator.MoveNext());
        Assert.Single(mel.Reads);
    }

    [Fact]
    public void WordTimestampsAlignTextTokensAndSnapTheSegmentToItsWords()
    {
        var steps = new Dictionary<string, float[]>
        {
            [""] = One(Tb),
            [$"{Tb}"] = One(3),
            [$"{Tb},3"] = ScriptedSession.Logits((4, 2f), (5, 1f)),
            [$"{Tb},3,4"] = One(Tb + 150),
            [$"{Tb},3,4,{Tb + 150}"] = One(FakeTokenizer.Eot),
            [$"{FakeTokenizer.NoTimestamps}"] = One(3),
            [$"{FakeTokenizer.NoTimestamps},3"] = ScriptedSession.Logits((4, 2f), (5, 1f)),
        };

        // token t of the alignment pass attends around frame 40 * t
        var session = new ScriptedSession(Script(steps)) { CrossQk = (t, f) => -Math.Abs(f - (40 * t)) };
        var mel = new FakeMel(500);
        var options = new WhisperTranscribeOptions { Temperatures = [0.0], WordTimestamps = true, Decoding = new DecodingOptions { Language = "en" } };
        var result = new WhisperTranscriber(new FakeModel(session), new FakeTokenizer(), mel, options).TranscribeToResult();

        var segment = Assert.Single(result.Segments);
        Assert.NotNull(segment.Words);
        Assert.Equal([" w3", " w4"], segment.Words!.Select(w => w.Text));
        Assert.Equal(segment.Words[0].Start, segment.Start);
        Assert.True(segment.Words[0].Start <= segment.Words[0].End && segment.Words[0].End <= segment.Words[1].Start + 1e-9);
        Assert.Equal(1.0, segment.Words[0].Probability, 6);
        Assert.Equal(1 / (1 + Math.Exp(-1)), segment.Words[1].Probability, 6);
        Assert.All(segment.Words, w => Assert.Equal(Math.Round(w.Start, 2), w.Start));
    }
}
