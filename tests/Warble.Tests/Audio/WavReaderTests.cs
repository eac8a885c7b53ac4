using System.Buffers.Binary;
using Warble.Audio;

namespace Warble.Tests.Audio;

public sealed class WavReaderTests
{
    [Fact]
    public void Reads16BitMonoAsSoundfileDoes()
    {
        var wav = new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(0, 16384, -32768, 32767)).ToArray();
        Assert.Equal([0f, 0.5f, -1f, 32767 / 32768f], AudioTestData.ReadWav(new MemoryStream(wav)));
    }

    [Fact]
    public void Reads8And24And32BitPcmAndFloats()
    {
        Assert.Equal([-1f, 0f, 0.5f], Read(new WavBuilder().Fmt(1, 1, 8000, 8).Data([0, 128, 192])));
        Assert.Equal([-0.5f, 0.25f], Read(new WavBuilder().Fmt(1, 1, 8000, 24).Data([0x00, 0x00, 0xC0, 0x00, 0x00, 0x20])));
        var int32 = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(int32, int.MinValue);
        BinaryPrimitives.WriteInt32LittleEndian(int32.AsSpan(4), 1 << 30);
        Assert.Equal([-1f, 0.5f], Read(new WavBuilder().Fmt(1, 1, 8000, 32).Data(int32)));
        var f32 = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(f32, 0.125f);
        BinaryPrimitives.WriteSingleLittleEndian(f32.AsSpan(4), -2f);
        Assert.Equal([0.125f, -2f], Read(new WavBuilder().Fmt(3, 1, 8000, 32).Data(f32)));
        var f64 = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, -0.75);
        Assert.Equal([-0.75f], Read(new WavBuilder().Fmt(3, 1, 8000, 64).Data(f64)));
    }

    [Fact]
    public void ExtensibleMultichannelIsAveragedToMono()
    {
        var builder = new WavBuilder().FmtExtensible(1, 3, 48000, 32, 24);
        var data = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(data, 1 << 30);
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(4), -(1 << 29));
        BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(8), 1 << 29);
        using var reader = WavReader.Open(new MemoryStream(builder.Data(data).ToArray()), "x.wav");
        Assert.Equal(48000, reader.SampleRate);
        Assert.Equal([0.5f / 3], AudioTestData.ReadAll(reader));
    }

    [Fact]
    public void SkipsListFactAndOddChunksWithPadBytes()
    {
        var wav = new WavBuilder().Chunk("LIST", [1, 2, 3]).Fmt(1, 2, 22050, 16).Chunk("fact", [4, 0, 0, 0]).Chunk("junk", [9])
            .Data(WavBuilder.Int16(100, 300)).Chunk("LIST", [7, 7]).ToArray();
        Assert.Equal([200 / 32768f], AudioTestData.ReadWav(new MemoryStream(wav)));
    }

    [Fact]
    public void ReadsRf64WithDs64Sizes()
    {
        var ds64 = new byte[28];
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), 4);
        var wav = new WavBuilder { RiffId = "RF64" }.Chunk("ds64", ds64).Fmt(1, 1, 16000, 16)
            .Data(WavBuilder.Int16(1, 2, 3), 0xFFFFFFFF).ToArray();
        Assert.Equal([1 / 32768f, 2 / 32768f], AudioTestData.ReadWav(new MemoryStream(wav)));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(0xFFFFFFFFu)]
    public void StreamingWriterSizesReadToTheEnd(uint claimed)
    {
        var wav = new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(5, 6, 7), claimed).ToArray();
        Assert.Equal(3, AudioTestData.ReadWav(new MemoryStream(wav)).Length);
        Assert.Equal(3, AudioTestData.ReadWav(new NonSeekableStream(wav)).Length);
    }

    [Fact]
    public void ZeroSampleFileIsEmpty()
    {
        Assert.Empty(Read(new WavBuilder().Fmt(1, 1, 16000, 16).Data([])));
    }

    [Fact]
    public void ReadsJfkFixture()
    {
        using var reader = WavReader.Open(AudioTestData.Fixture("jfk.wav"));
        Assert.Equal(16000, reader.SampleRate);
        Assert.Equal(176000, AudioTestData.ReadAll(reader).Length);
    }

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public void HostileInputIsAnAudioFormatErrorNamingTheFile(string why, byte[] wav, string expected)
    {
        var e = Assert.Throws<AudioFormatException>(() => AudioTestData.ReadWav(new MemoryStream(wav), "hostile.wav"));
        Assert.StartsWith("hostile.wav: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.NotEmpty(why);
    }

    [Fact]
    public void DataThatEndsEarlyOnAPipeIsAnError()
    {
        var wav = new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(1, 2), 400).ToArray();
        var e = Assert.Throws<AudioFormatException>(() => AudioTestData.ReadWav(new NonSeekableStream(wav), "pipe"));
        Assert.Contains("truncated", e.Message);
    }

    public static TheoryData<string, byte[], string> HostileFiles() => new()
    {
        { "not a wav", "hello world, not audio"u8.ToArray(), "not a WAV" },
        { "header only", new WavBuilder().ToArray(), "no data chunk" },
        { "truncated data", new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(1, 2), 1000).ToArray(), "truncated" },
        { "huge claimed data", new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(1), 0x7FFFFFF0).ToArray(), "truncated" },
        { "huge claimed chunk", new WavBuilder().Fmt(1, 1, 16000, 16).Chunk("LIST", [], 0xFFFFFF00).ToArray(), "truncated" },
        { "unknown tag", new WavBuilder().Fmt(0x55, 1, 16000, 16).Data([0, 0]).ToArray(), "0x0055" },
        { "zero channels", new WavBuilder().Fmt(1, 0, 16000, 16, blockAlign: 2).Data([0, 0]).ToArray(), "0 channels" },
        { "zero rate", new WavBuilder().Fmt(1, 1, 0, 16).Data([0, 0]).ToArray(), "sample rate" },
        { "block align disagrees", new WavBuilder().Fmt(1, 2, 16000, 16, blockAlign: 3).Data([0, 0, 0]).ToArray(), "block align" },
        { "float of 16 bits", new WavBuilder().Fmt(3, 1, 16000, 16).Data([0, 0]).ToArray(), "block align" },
        { "data before fmt", new WavBuilder().Data([0, 0]).Fmt(1, 1, 16000, 16).ToArray(), "before any fmt" },
        { "short fmt", new WavBuilder().Chunk("fmt ", new byte[8]).Data([0, 0]).ToArray(), "fmt chunk" },
        { "extensible without guid", new WavBuilder().Chunk("fmt ", [0xFE, 0xFF, 1, 0, 0x80, 0x3E, 0, 0, 0, 0x7D, 0, 0, 2, 0, 16, 0]).Data([0, 0]).ToArray(), "EXTENSIBLE" },
    };

    [Fact]
    public void ALivePipeIsDecodedAsItComesNotBlockByBlock()
    {
        // 7 bytes per read, as a pipe that has only that much ready: the first Read returns the 3 whole frames it holds.
        var wav = new WavBuilder().Fmt(1, 1, 16000, 16).Data(WavBuilder.Int16(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), claimedSize: 0xFFFFFFFF).ToArray();
        using var reader = WavReader.Open(new NonSeekableStream(wav), "pipe");
        var samples = new float[65536];
        int first = reader.Read(samples, CancellationToken.None);
        Assert.InRange(first, 1, 4);
        Assert.Equal(2 / 32768f, samples[1]);
        int total = first, n;
        while ((n = reader.Read(samples, CancellationToken.None)) > 0)
        {
            total += n;
        }

        Assert.Equal(10, total);
    }

    private static float[] Read(WavBuilder builder) => AudioTestData.ReadWav(new MemoryStream(builder.ToArray()));
}
