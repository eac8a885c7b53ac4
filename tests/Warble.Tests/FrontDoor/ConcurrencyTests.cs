using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>
/// One loaded <see cref="Transcriber"/> serves many calls at once: each gives byte for byte the JSON it gives alone, for
/// both families (DESIGN.md, "Concurrency").
/// </summary>
public class ConcurrencyTests
{
    private const int Parallel = 8;

    public static TheoryData<string, string> Models() => new()
    {
        { "whisper", SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt") },
        { "parakeet", SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo") },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public async Task ParallelCallsGiveTheSerialResult(string family, string model)
    {
        // Beam search with temperature fallback and word timestamps: every piece of per-call state is in play. The
        // random-weight fixture falls back through every temperature; SampleLen keeps its windows short.
        var options = new TranscribeOptions { BeamSize = 5, BestOf = 5, WordTimestamps = true, Language = "en", SampleLen = 40 };
        string[] audio = [SharedPaths.Fixture("audio", "jfk.wav"), Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav")];
        using Transcriber transcriber = await Transcriber.LoadAsync(model);
        Assert.Equal(family, transcriber.Architecture);
        var serial = new Dictionary<string, string>();
        foreach (string file in audio)
        {
            serial[file] = Json(await transcriber.TranscribeToResultAsync(file, options));
        }

        for (int round = 0; round < 2; round++)
        {
            string[] files = [.. Enumerable.Range(0, Parallel).Select(i => audio[(i + round) % audio.Length])];
            string[] parallel = await Task.WhenAll(files.Select(async file => Json(await transcriber.TranscribeToResultAsync(file, options))));
            for (int i = 0; i < Parallel; i++)
            {
                Assert.Equal(serial[files[i]], parallel[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public async Task DisposingDuringCallsEndsThemWithObjectDisposedOrCancellation(string family, string model)
    {
        Transcriber transcriber = await Transcriber.LoadAsync(model);
        Assert.Equal(family, transcriber.Architecture);
        var options = new TranscribeOptions { BeamSize = 5, Language = "en" };
        string audio = Path.Combine(SharedPaths.Repo, "samples", "kjv-sample.wav");
        Task[] calls = [.. Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            await foreach (Segment segment in transcriber.TranscribeAsync(audio, options))
            {
                Assert.NotNull(segment.Text);
            }
        }))];
        await Task.Delay(50);
        transcriber.Dispose();
        foreach (Task call in calls)
        {
            Exception? error = await Record.ExceptionAsync(() => call);
            Assert.True(error is null or ObjectDisposedException or OperationCanceledException, $"{error?.GetType()}: {error?.Message}");
        }

        await Assert.ThrowsAsync<ObjectDisposedException>(() => transcriber.TranscribeToResultAsync(audio, options));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => transcriber.EncodeAsync(audio));
        transcriber.Dispose();
    }

    private static string Json(TranscriptionResult result) => TranscriptWriter.ToString(result, "json");
}
