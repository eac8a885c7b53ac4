using Warble.Audio;
using Warble.Formats;
using Warble.Models.Whisper;
using Warble.Tests.Support;
using Warble.Transcription;

namespace Warble.Tests.FrontDoor;

/// <summary>Features built as the audio is read, kept in memory or on disk, equal the whole-file computation.</summary>
public class SpoolTests
{
    [Theory]
    [InlineData(1_000_000)]
    [InlineData(500)]
    public void WhisperWindowsFromTheSpoolEqualTheWholeFileLogMel(int memoryFrames)
    {
        using LoadedModel loaded = ModelLoader.Load(SharedPaths.Fixture("whisper", "whisper-tiny-random", "model.pt"));
        WhisperModel model = WhisperModel.FromLoaded(loaded);
        float[] audio = DemoAudio.RepeatedSample();
        MelSpectrogram whole = model.LogMel(audio);
        using MelSpool spool = MelSpool.Read(audio, model.MelFilters, CancellationToken.None, memoryFrames);
        Assert.Equal(whole.ContentFrames, spool.ContentFrames);
        var expected = new float[model.Dims.NMels * WhisperLogMel.NFrames];
        var actual = new float[expected.Length];
        foreach (int seek in new[] { 0, 1234, whole.ContentFrames - 100 })
        {
            whole.ReadWindow(seek, Math.Min(3000, whole.ContentFrames - seek), expected);
            spool.ReadWindow(seek, Math.Min(3000, whole.ContentFrames - seek), actual);
            Assert.Equal(expected, actual);
        }

        whole.ReadFirstFrames(expected);
        spool.ReadFirstFrames(actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(700)]
    public void ParakeetFeaturesFromTheSpoolEqualTheWholeFileFeatures(int memoryFrames)
    {
        using LoadedModel loaded = ModelLoader.Load(SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "parakeet-tdt-random.nemo"));
        ParakeetTranscriber transcriber = ParakeetTranscriber.FromLoaded(loaded);
        float[] audio = DemoAudio.RepeatedSample();
        float[] whole = transcriber.Features(audio, out int frames);
        using FeatureSpool spool = FeatureSpool.Read(audio, transcriber.Preprocessor, CancellationToken.None, memoryFrames);
        Assert.Equal((frames, transcriber.Preprocessor.SeqLen(audio.Length)), (spool.Frames, spool.Length));
        int featIn = transcriber.Preprocessor.Features, start = frames - 900, count = 900;
        var window = new float[featIn * count];
        spool.Read(start, count, window);
        for (int f = 0; f < featIn; f++)
        {
            for (int t = 0; t < count; t++)
            {
                Assert.Equal(whole[(f * frames) + start + t], window[(f * count) + t], 1e-5f);
            }
        }
    }

    [Fact]
    public void TheSpoolMovesToDiskPastItsMemoryLimitAndReadsBackAcrossTheSeam()
    {
        using var spool = new FrameSpool(3, memoryFrames: 2000);
        for (int i = 0; i < 5000; i++)
        {
            spool.Append([i, -i, i * 0.5f]);
        }

        Assert.True(spool.OnDisk);
        var values = new float[3 * 3000];
        spool.Read(1500, 3000, values);
        for (int t = 0; t < 3000; t++)
        {
            Assert.Equal([1500 + t, -(1500 + t), (1500 + t) * 0.5f], values.AsSpan(t * 3, 3).ToArray());
        }
    }
}
