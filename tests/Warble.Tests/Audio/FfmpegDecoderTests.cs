using Warble.Audio;

namespace Warble.Tests.Audio;

/// <summary>One class, so the test that swaps <see cref="FfmpegDecoder.Executable"/> never runs beside the others.</summary>
public sealed class FfmpegDecoderTests
{
    [Fact]
    public void MissingFfmpegIsAOneLineErrorSayingHowToInstallIt()
    {
        var saved = FfmpegDecoder.Executable;
        FfmpegDecoder.Executable = "warble-no-such-ffmpeg";
        try
        {
            var e = Assert.Throws<AudioFormatException>(() => AudioLoader.Load(AudioTestData.Fixture("jfk.mp3")));
            Assert.Contains("jfk.mp3", e.Message);
            Assert.Contains("ffmpeg", e.Message);
            Assert.Contains("apt-get install ffmpeg", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            FfmpegDecoder.Executable = saved;
        }
    }

    [FfmpegFact]
    public void DecodesMp3ThroughFfmpeg()
    {
        var audio = AudioLoader.Load(AudioTestData.Fixture("jfk.mp3"));
        Assert.InRange(audio.Length, 175000, 178000);
        Assert.InRange(audio.Max(Math.Abs), 0.1f, 1.5f);
    }

    [FfmpegFact]
    public void PipesNonWavStandardInputThroughFfmpeg()
    {
        var bytes = File.ReadAllBytes(AudioTestData.Fixture("jfk.mp3"));
        using var source = AudioLoader.Open(new NonSeekableStream(bytes), "<stdin>");
        Assert.IsType<FfmpegDecoder>(source);
        Assert.InRange(AudioTestData.ReadAll(source).Length, 175000, 178000);
    }

    [FfmpegFact]
    public void FfmpegFailureNamesTheFile()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "definitely not audio at all");
        try
        {
            var e = Assert.Throws<AudioFormatException>(() => AudioLoader.Load(path));
            Assert.Contains(path, e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
