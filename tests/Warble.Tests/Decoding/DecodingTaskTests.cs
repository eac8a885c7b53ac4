using Warble.Models.Whisper.Decoding;

namespace Warble.Tests.Decoding;

public class DecodingTaskTests
{
    private static readonly FakeTokenizer Tokenizer = new();

    /// <summary>A script keyed by the sampled tokens (those after the start sequence and notimestamps).</summary>
    internal static Func<IReadOnlyList<int>, float[]> Script(Dictionary<string, float[]> steps, int sampleBegin) => history =>
        history.Count < sampleBegin ? ScriptedSession.Logits((FakeTokenizer.NoSpeech, 0f), (3, 0f))
        : steps.TryGetValue(string.Join(",", history.Skip(sampleBegin)), out var logits) ? logits
        : ScriptedSession.Logits((FakeTokenizer.Eot, 0f));

    private static DecodingTask Task(DecodingOptions options) =>
        new(Tokenizer, options, nTextCtx: 448, nAudioCtx: 1500, nVocab: FakeTokenizer.NVocab);

    [Fact]
    public void GreedyFollowsArgmaxSuppressesBlankAtTheFirstStepAndReadsNoSpeechAtSot()
    {
        var steps = new Dictionary<string, float[]>
        {
            [""] = ScriptedSession.Logits((0, 5f), (FakeTokenizer.Eot, 4f), (3, 2f)),
            ["3"] = ScriptedSession.Logits((7, 1f), (FakeTokenizer.Eot, 0.5f)),
            ["3,7"] = ScriptedSession.Logits((FakeTokenizer.Eot, 3f), (7, 1f)),
        };
        var session = new ScriptedSession(Script(steps, 4));
        var result = Task(new DecodingOptions { Language = "en", WithoutTimestamps = true }).Run(session);

        Assert.Equal([3, 7], result.Tokens);
        Assert.Equal("w3 w7", result.Text);
        float sum = 0f;
        sum += 0f;
        sum += 1f - LogitMath.LogSumExp([1f, 0.5f]);
        sum += 3f - LogitMath.LogSumExp([3f, 1f]); // the eot step counts too
        Assert.Equal(sum / 3.0, result.AvgLogprob, 12);
        Assert.Equal(0.5, result.NoSpeechProb, 6);
        Assert.Equal(3, session.ForwardCalls);
        Assert.Equal(CompressionRatio.Compute("w3 w7"), result.CompressionRatio);
    }

    [Fact]
    public void InitialTokensPutThePromptTailAfterSotPrevAndThePrefixAfterTheSotSequence()
    {
        var prompt = Enumerable.Range(0, 300).Select(i => 3 + (i % 40)).ToArray();
        var task = Task(new DecodingOptions { Language = "en", PromptTokens = prompt, PrefixTokens = [9, 8] });
        var initial = task.InitialTokens.ToArray();

        Assert.Equal(FakeTokenizer.SotPrev, initial[0]);
        Assert.Equal(prompt[^223..], initial[1..224]);
        Assert.Equal([FakeTokenizer.Sot, FakeTokenizer.En, FakeTokenizer.Transcribe, 9, 8], initial[224..]);
        Assert.Equal(224, task.SotIndex);
        Assert.Equal(229, task.SampleBegin);
    }

    [Fact]
    public void SuppressTokensMinusOneExpandsToNonSpeechPlusTheAlwaysSuppressedSpecials()
    {
        Assert.Equal([1, 2, 51, 54, 55, 56, 57, 58], SuppressTokens.FromOption("-1", Tokenizer));
        Assert.Equal([5, 7, 51, 54, 55, 56, 57, 58], SuppressTokens.FromOption("7,5", Tokenizer));
        Assert.Equal([1, 2, 9, 51, 54, 55, 56, 57, 58], SuppressTokens.FromOption("9,-1", Tokenizer));
    }

    [Fact]
    public void ValidateRejectsTheCombinationsOpenaiRejects()
    {
        Assert.Throws<ArgumentException>(() => new DecodingOptions { BeamSize = 2, BestOf = 2 }.Validate());
        Assert.Throws<ArgumentException>(() => new DecodingOptions { BestOf = 2 }.Validate());
        Assert.Throws<ArgumentException>(() => new DecodingOptions { Patience = 2 }.Validate());
        Assert.Throws<ArgumentException>(() => new DecodingOptions { LengthPenalty = 1.5 }.Validate());
        new DecodingOptions { BestOf = 2, Temperature = 0.5 }.Validate();
    }

    private static Dictionary<string, float[]> BeamSteps() => new()
    {
        [""] = ScriptedSession.Logits((1, 2f), (2, 1.5f), (3, 0f)),
        ["1"] = ScriptedSession.Logits((FakeTokenizer.Eot, 3f), (4, 0f), (6, -1f)),
        ["2"] = ScriptedSession.Logits((5, 3f), (FakeTokenizer.Eot, 0f), (6, -1f)),
        ["2,5"] = ScriptedSession.Logits((FakeTokenizer.Eot, 5f), (6, 0f), (7, -1f)),
        ["1,4"] = ScriptedSession.Logits((FakeTokenizer.Eot, -2f), (8, 1f), (9, 0.5f)),
    };

    [Fact]
    public void BeamSearchMergesIdenticalBeamsKeepsFinishedSequencesAndRanksByLength()
    {
        var session = new ScriptedSession(Script(BeamSteps(), 4));
        var options = new DecodingOptions { Language = "en", WithoutTimestamps = true, BeamSize = 2, SuppressBlank = false, SuppressTokens = "" };
        var result = Task(options).Run(session);

        // finished: [1, eot] (−0.664, 1 token) and [2, 5, eot] (−1.173, 2 tokens): length norm picks the longer
        Assert.Equal([2, 5], result.Tokens);
        Assert.Equal([1, 1], session.Reorders[0]);
        Assert.Equal([1, 0], session.Reorders[1]);
        float lp25 = (float)((2f - LogitMath.LogSumExp([2f, 1.5f, 0f]) + 0.0) - 1.0);
        Assert.True(result.AvgLogprob < 0 && result.AvgLogprob > lp25);
    }

    [Fact]
    public void LengthPenaltyZeroRanksByTheRawLogprob()
    {
        var session = new ScriptedSession(Script(BeamSteps(), 4));
        var options = new DecodingOptions { Language = "en", WithoutTimestamps = true, BeamSize = 2, SuppressBlank = false, SuppressTokens = "", LengthPenalty = 0 };
        Assert.Equal([1], Task(options).Run(session).Tokens);
    }

    [Fact]
    public void PatienceWaitsForMoreFinishedCandidates()
    {
        var session = new ScriptedSession(Script(BeamSteps(), 4));
        var options = new DecodingOptions { Language = "en", WithoutTimestamps = true, BeamSize = 2, Patience = 2, SuppressBlank = false, SuppressTokens = "" };
        var result = Task(options).Run(session);

        // four finished candidates are needed, so the search runs past step 2
        Assert.True(session.Reorders.Count > 2);
        Assert.Equal([2, 5], result.Tokens);
    }

    [Fact]
    public void LanguageIsDetectedAtSotWhenNotGiven()
    {
        var session = new ScriptedSession(history => history.Count == 1
            ? ScriptedSession.Logits((52, 0f), (53, 1f), (3, 9f))
            : ScriptedSession.Logits((FakeTokenizer.Eot, 1f), (3, 2f)));
        var result = Task(new DecodingOptions { WithoutTimestamps = true }).Run(session);

        Assert.Equal("fr", result.Language);
        Assert.Equal(1 / (1 + Math.E), result.LanguageProbs!["en"], 6);
    }

    [Fact]
    public void SampleLenBoundsTheNumberOfSampledTokens()
    {
        var session = new ScriptedSession(_ => ScriptedSession.Logits((3, 1f), (FakeTokenizer.Eot, 0f)));
        var result = Task(new DecodingOptions { Language = "en", WithoutTimestamps = true, SampleLen = 5 }).Run(session);
        Assert.Equal([3, 3, 3, 3, 3], result.Tokens);
    }
}
