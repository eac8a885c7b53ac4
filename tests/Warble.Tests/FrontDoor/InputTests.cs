using System.Diagnostics;
using Warble.Tests.Audio;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>Paths, streams (forward only) and samples are one input to both families; bad audio fails in one line.</summary>
public class InputTests
{
    private static readonly string Jfk = SharedPaths.Fixture("audio", "jfk.wav");
    private static readonly string Whisper = SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt");
    private static readonly string Parakeet = SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo");
    private static readonly TranscribeOptions Greedy = new() { Language = "en", Temperatures = [0.0] };

    [Theory]
    [InlineData("whisper")]
    [InlineData("parakeet")]
    public async Task PathStreamAndSamplesGiveOneResult(string family)
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(family == "whisper" ? Whisper : Parakeet);
        string fromPath = Json(await transcriber.TranscribeToResultAsync(Jfk, Greedy));
        using var pipe = new NonSeekableStream(File.ReadAllBytes(Jfk));
        string fromStream = Json(await transcriber.TranscribeToResultAsync(AudioInput.FromStream(pipe), Greedy));
        float[] samples = Warble.Audio.AudioLoader.Load(Jfk);
        string fromSamples = Json(await transcriber.TranscribeToResultAsync(samples, Greedy));
        Assert.Equal(fromPath, fromStream);
        Assert.Equal(fromPath, fromSamples);
    }

    [Fact]
    public async Task SamplesAtAnotherRateAreResampled()
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Parakeet);
        float[] samples = Warble.Audio.Resampler.Resample(Warble.Audio.AudioLoader.Load(Jfk), 16000, 8000);
        TranscriptionResult result = await transcriber.TranscribeToResultAsync(AudioInput.FromSamples(samples, 8000));
        Assert.NotEmpty(result.Segments);
        Assert.Throws<AudioFormatException>(() => AudioInput.FromSamples(samples, 999));
        Assert.Throws<AudioFormatException>(() => AudioInput.FromSamples(samples, 384001));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public async Task ANonFiniteSampleIsAOneLineErrorNamingWhere(float bad)
    {
        using Transcriber transcriber = await Transcriber.LoadAsync(Whisper);
        float[] samples = Warble.Audio.AudioLoader.Load(Jfk);
        samples[32000] = bad;
        var e = await Assert.ThrowsAsync<AudioFormatException>(() => transcriber.TranscribeToResultAsync(samples, Greedy));
        Assert.Contains("sample 32000 (2.000 s)", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void AWavDeclaringOneHertzIsRefusedBeforeAnythingIsAllocated()
    {
        byte[] wav = new WavBuilder().Fmt(1, 1, 1, 16).Data(WavBuilder.Int16(new short[20000])).ToArray();
        var e = Assert.Throws<AudioFormatException>(() => Warble.Audio.AudioLoader.Open(new MemoryStream(wav), "one-hertz.wav"));
        Assert.Contains("one-hertz.wav", e.Message);
        Assert.Contains("1 Hz", e.Message);
    }

    [Fact]
    public void AFolderOrAMissingFileIsAOneLineError()
    {
        var folder = Assert.Throws<AudioFormatException>(() => Warble.Audio.AudioLoader.Open(SharedPaths.Fixture("audio")));
        Assert.Contains("is a folder", folder.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => Warble.Audio.AudioLoader.Open("no-such-audio.wav"));
        Assert.Equal("no-such-audio.wav: no such audio file", missing.Message);
    }

    [Theory]
    [InlineData("jfk.wav")]
    [InlineData("jfk.mp3")]
    public async Task AudioThroughAFifoIsReadOnceForwardOnly(string name)
    {
        if (!OperatingSystem.IsLinux() || (name.EndsWith(".mp3", StringComparison.Ordinal) && !FfmpegFactAttribute.Available))
        {
            return;
        }

        string fifo = Path.Combine(Path.GetTempPath(), $"warble-fifo-{Guid.NewGuid():N}");
        Process.Start("mkfifo", [fifo]).WaitForExit();
        try
        {
            Task writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(SharedPaths.Fixture("audio", name))));
            using Transcriber transcriber = await Transcriber.LoadAsync(Parakeet);
            var transcription = transcriber.TranscribeToResultAsync(fifo);
            Assert.Same(transcription, await Task.WhenAny(transcription, Task.Delay(TimeSpan.FromSeconds(60))));
            Assert.NotEmpty((await transcription).Segments);
            await writer;
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Fact]
    public async Task TranscribingAClosedStandardInputFailsAtOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string cli = Path.Combine(AppContext.BaseDirectory, "Warble.Cli.dll");
        var info = new ProcessStartInfo("bash", ["-c", $"exec dotnet '{cli}' transcribe - -m '{Parakeet}' <&-"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using Process process = Process.Start(info)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        bool exited = process.WaitForExit(TimeSpan.FromSeconds(60));
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(exited, "warble transcribe - with a closed standard input hung");
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("standard input is closed", await error);
    }

    private static string Json(TranscriptionResult result) => TranscriptWriter.ToString(result, "json");
}
