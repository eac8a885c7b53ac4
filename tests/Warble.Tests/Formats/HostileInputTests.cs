using System.Buffers.Binary;
using System.Text;
using Warble.Formats;
using Warble.Models.Parakeet;

namespace Warble.Tests.Formats;

public sealed class HostileInputTests
{
    public static TheoryData<string> Formats() => [.. ParserTargets.Names];

    [Theory]
    [MemberData(nameof(Formats))]
    public void SeedParses(string format) => Assert.False(ParserTargets.ParseExpectingOnlyFormatErrors(format, ParserTargets.Seed(format)));

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryTruncationFailsWithAFormatError(string format)
    {
        byte[] seed = ParserTargets.Seed(format);
        // A tar ends in zero records and GGUF pads its last tensor: cutting those leaves a valid file.
        int slack = format switch { "nemo" => 10240, "gguf" => 32, _ => 0 };
        var cuts = Enumerable.Range(0, 200).Concat(Enumerable.Range(1, 150).Select(i => (int)((long)seed.Length * i / 151)))
            .Where(c => c < seed.Length - slack);
        foreach (int cut in cuts.Distinct())
        {
            Assert.True(ParserTargets.ParseExpectingOnlyFormatErrors(format, seed[..cut]), $"{format} cut at {cut} of {seed.Length} parsed");
        }
    }

    [Fact]
    public void GgufHeaderClaimingHugeCountsFails()
    {
        byte[] seed = ParserTargets.Seed("gguf");
        AssertFails("gguf", Patched(seed, 8, 1UL << 62), "tensor count");
        AssertFails("gguf", Patched(seed, 16, 1UL << 62), "metadata count");
        AssertFails("gguf", Patched(seed, 24, 1UL << 40), "metadata key claims");
        AssertFails("gguf", Gguf(w => w.Add("a", new string('x', 10)), "a", 1UL << 62), "the value of 'a'");
    }

    [Fact]
    public void GgufTensorClaimingTerabytesFails()
    {
        byte[] file = Gguf(w => w.AddTensor("t", Tensors.DType.F32, [1 << 20, 1 << 20], () => new byte[(1 << 20) * 4L * 0]), null, 0, checkWriter: false);
        var error = AssertFails("gguf", file, "lies outside the file");
        Assert.Contains("'t'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SafetensorsHeaderClaimingTerabytesFails()
    {
        byte[] seed = ParserTargets.Seed("safetensors");
        AssertFails("safetensors", Patched(seed, 0, 1UL << 40), "header claims");
        string json = """{"w":{"dtype":"F32","shape":[1048576,1048576],"data_offsets":[0,4398046511104]}}""";
        byte[] header = Encoding.UTF8.GetBytes(json);
        byte[] file = [.. BitConverter.GetBytes((ulong)header.Length), .. header, 0, 0, 0, 0];
        AssertFails("safetensors", file, "'w'");
    }

    [Fact]
    public void GgmlHugeVocabularyAndMelSizesFail()
    {
        byte[] seed = ParserTargets.Seed("ggml");
        AssertFails("ggml", Patched32(seed, 48, 1 << 30), "mel filters");
        AssertFails("ggml", Patched32(seed, 56 + (4 * 201 * 4), int.MaxValue), "vocabulary");
    }

    [Fact]
    public void PickleRefusesForeignGlobalsByName()
    {
        // As pickle.dumps(os.system-style reduce) writes them: PROTO 2, GLOBAL, BINUNICODE argument, TUPLE1, REDUCE, STOP.
        byte[] system = [0x80, 2, .. "cposix\nsystem\nX"u8, 2, 0, 0, 0, .. "ls"u8, 0x85, (byte)'R', (byte)'.'];
        byte[] eval = [0x80, 2, .. "cbuiltins\neval\nX"u8, 3, 0, 0, 0, .. "1+1"u8, 0x85, (byte)'R', (byte)'.'];
        Assert.Contains("'posix.system'", Unpickle(system).Message, StringComparison.Ordinal);
        Assert.Contains("'builtins.eval'", Unpickle(eval).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PickleBombsAreBounded()
    {
        Assert.Contains("MARK", Unpickle([0x80, 2, .. Enumerable.Repeat((byte)'(', 100_000), (byte)'.']).Message, StringComparison.Ordinal);
        Assert.Contains("stack exceeds", Unpickle([0x80, 2, .. Enumerable.Repeat((byte)']', 1_100_000), (byte)'.']).Message, StringComparison.Ordinal);
        Assert.Contains("runs past", Unpickle([0x80, 2, (byte)'X', 0xff, 0xff, 0xff, 0x7f, (byte)'.']).Message, StringComparison.Ordinal);
        Assert.Contains("memo has no entry", Unpickle([0x80, 2, (byte)'j', 1, 2, 3, 4, (byte)'.']).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZipAndTarLengthsClaimingTooMuchFail()
    {
        byte[] zip = ParserTargets.Seed("pytorch");
        int eocd = zip.Length - 22;
        while (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(eocd)) != 0x06054b50)
        {
            eocd--;
        }

        byte[] manyEntries = (byte[])zip.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(manyEntries.AsSpan(eocd + 10), 0xFFFE);
        AssertFails("pytorch", manyEntries, "central directory");

        byte[] tar = (byte[])ParserTargets.Seed("nemo").Clone();
        int header = tar.AsSpan().IndexOf("./model_config.yaml\0"u8);
        Encoding.ASCII.GetBytes("77777777777\0").CopyTo(tar, header + 124);
        AssertFails("nemo", tar, "tar");
    }

    [Fact]
    public void DeeplyNestedYamlFailsWithoutRecursing()
    {
        string yaml = "encoder: " + new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("nests deeper", Assert.Throws<ModelFormatException>(() => ParakeetConfig.Parse(yaml, "x.nemo")).Message, StringComparison.Ordinal);
    }

    private static ModelFormatException AssertFails(string format, byte[] bytes, string expected)
    {
        var error = Assert.Throws<ModelFormatException>(() => ParserTargets.Parse(format, bytes));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(ParserTargets.ParseExpectingOnlyFormatErrors(format, bytes));
        return error;
    }

    private static ModelFormatException Unpickle(byte[] pickle) =>
        Assert.Throws<ModelFormatException>(() => Unpickler.Load(new ArrayRegion("data.pkl", pickle), key => throw new InvalidOperationException(key)));

    private static byte[] Patched(byte[] seed, int offset, ulong value)
    {
        byte[] copy = (byte[])seed.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static byte[] Patched32(byte[] seed, int offset, int value)
    {
        byte[] copy = (byte[])seed.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    /// <summary>A GGUF built by <see cref="GgufWriter"/> with the length of the first string value of <paramref name="key"/> replaced.</summary>
    private static byte[] Gguf(Action<GgufWriter> build, string? key, ulong stringLength, bool checkWriter = true)
    {
        var writer = new GgufWriter();
        build(writer);
        using var stream = new MemoryStream();
        if (checkWriter)
        {
            writer.Write(stream);
        }
        else
        {
            WriteHeaderOnly(writer, stream);
        }

        byte[] bytes = stream.ToArray();
        if (key != null)
        {
            int at = bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(key)) + key.Length + 4;
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), stringLength);
        }

        return bytes;
    }

    // The writer checks the data it is given; here the data is deliberately absent, so stop after the header.
    private static void WriteHeaderOnly(GgufWriter writer, MemoryStream stream)
    {
        try
        {
            writer.Write(stream);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
