using Warble.Models.Whisper.Decoding;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.Decoding;

/// <summary>The repetition guard ends a looping window; without it the random-weight model loops.</summary>
public class StopRepetitionTests
{
    [Theory]
    [InlineData(new[] { 5, 5, 5 }, 3, true)]
    [InlineData(new[] { 5, 5 }, 3, false)]
    [InlineData(new[] { 1, 7, 8, 7, 8 }, 2, true)]
    [InlineData(new[] { 7, 8, 9, 7, 8 }, 2, false)]
    [InlineData(new[] { 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4 }, 3, true)]
    public void LoopsAreFoundAtTheEnd(int[] tokens, int limit, bool loops) => Assert.Equal(loops, StopRepetition.Loops(tokens, limit));

    [Fact]
    public async Task AGuardedTranscriptHasNoTokenRepeatedThreeTimesInARow()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        var options = new TranscribeOptions { Language = "en", Temperatures = [0.0], WithoutTimestamps = true };
        TranscriptionResult plain = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"), options);
        TranscriptionResult guarded = await transcriber.TranscribeToResultAsync(SharedPaths.Fixture("audio", "jfk.wav"), options with { RepetitionLimit = 3 });
        Assert.Contains(plain.Segments, s => Looping(s.Tokens));
        Assert.DoesNotContain(guarded.Segments, s => Looping(s.Tokens));
        Assert.True(guarded.Segments.Sum(s => s.Tokens.Count) < plain.Segments.Sum(s => s.Tokens.Count));
    }

    private static bool Looping(IReadOnlyList<int> tokens)
    {
        for (int i = 3; i <= tokens.Count; i++)
        {
            if (StopRepetition.Loops(tokens.Take(i).Where(t => t < 50257).ToArray(), 4))
            {
                return true;
            }
        }

        return false;
    }
}
