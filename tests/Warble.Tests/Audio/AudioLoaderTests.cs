using Warble.Audio;

namespace Warble.Tests.Audio;

public sealed class AudioLoaderTests
{
    [Fact]
    public void LoadsSixteenKilohertzWavUnchanged()
    {
        var audio = AudioLoader.Load(AudioTestData.Fixture("jfk.wav"));
        using var reader = WavReader.Open(AudioTestData.Fixture("jfk.wav"));
        Assert.Equal(AudioTestData.ReadAll(reader), audio);
    }

    [Fact]
    public void ResamplesOtherRatesWhileStreaming()
    {
        // Blocks are valid until the next is read (the buffers are reused): copy each.
        var blocks = AudioLoader.Stream(AudioTestData.Fixture("jfk_44k_stereo.wav")).Select(b => b.ToArray()).ToList();
        Assert.True(blocks.Count > 1);
        var audio = blocks.SelectMany(b => b).ToArray();
        using var stream = File.OpenRead(AudioTestData.Data("jfk_44k_stereo_ffmpeg_16k.wav"));
        var expected = AudioTestData.ReadWav(stream);
        Assert.Equal(expected.Length, audio.Length);
        Assert.True(AudioTestData.Snr(expected, audio) > 40);
    }

    [Fact]
    public void DetectsWavByMagicBytesNotExtension()
    {
        var path = Path.Combine(Path.GetTempPath(), $"warble-{Guid.NewGuid():N}.mp3");
        File.Copy(AudioTestData.Fixture("espeak.wav"), path);
        try
        {
            Assert.Equal(107031, AudioLoader.Load(path).Length);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SniffsWavOnAPipe()
    {
        var bytes = File.ReadAllBytes(AudioTestData.Fixture("espeak.wav"));
        using var source = AudioLoader.Open(new NonSeekableStream(bytes), "<stdin>");
        Assert.IsType<WavReader>(source);
        Assert.Equal(107031, AudioTestData.ReadAll(source).Length);
    }

    [Fact]
    public void EmptyFileIsAnAudioFormatError()
    {
        var path = Path.GetTempFileName();
        try
        {
            var e = Assert.Throws<AudioFormatException>(() => AudioLoader.Load(path));
            Assert.Contains(path, e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CancellationStopsLoading()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => AudioLoader.Load(AudioTestData.Fixture("jfk.wav"), cancelled.Token));
    }
}
