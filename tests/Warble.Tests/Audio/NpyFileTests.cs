using System.Text;
using Warble.Formats;
using Warble.Tests.Support;

namespace Warble.Tests.Audio;

public sealed class NpyFileTests
{
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 3, 4 })]
    [InlineData(new[] { 2, 0, 3 })]
    public void RoundTripsFloat32(int[] shape)
    {
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = Enumerable.Range(0, count).Select(i => (float)(i * 0.5 - 1)).ToArray();
        using var stream = new MemoryStream();
        NpyFile.WriteFloat32(stream, data, shape);
        Assert.Equal(0, (stream.Length - (count * 4)) % 64);
        stream.Position = 0;
        var (read, readShape) = NpyFile.ReadFloat32(stream, "mem.npy");
        Assert.Equal(shape, readShape);
        Assert.Equal(data, read);
    }

    [Fact]
    public void ReadsFixtureGolden()
    {
        var (data, shape) = NpyFile.ReadFloat32(SharedPaths.Fixture("parakeet", "parakeet-tdt-random", "golden", "jfk", "features.npy"));
        Assert.Equal([128, 1101], shape);
        Assert.Equal(128 * 1101, data.Length);
    }

    [Fact]
    public void ReadsFloat64AndInt64()
    {
        var f8 = Build("<f8", "(2,)", BitConverter.GetBytes(1.5).Concat(BitConverter.GetBytes(-2.25)).ToArray());
        Assert.Equal([1.5f, -2.25f], NpyFile.ReadFloat32(new MemoryStream(f8), "x.npy").Data);
        var path = Path.Combine(Path.GetTempPath(), $"warble-npy-{Guid.NewGuid():N}.npy");
        File.WriteAllBytes(path, Build("<i8", "(2,)", BitConverter.GetBytes(7L).Concat(BitConverter.GetBytes(-3L)).ToArray()));
        try
        {
            Assert.Equal([7L, -3L], NpyFile.ReadInt64(path).Data);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("<f4", "(3,)", 8, "truncated")]
    [InlineData(">f4", "(1,)", 4, "dtype")]
    [InlineData("<c8", "(1,)", 8, "dtype")]
    [InlineData("<f4", "(100000, 100000)", 4, "too large")]
    [InlineData("<f4", "(-1,)", 4, "dimension")]
    public void RejectsBadHeaders(string descr, string shape, int bytes, string expected)
    {
        var file = Build(descr, shape, new byte[bytes]);
        var e = Assert.Throws<ModelFormatException>(() => NpyFile.ReadFloat32(new MemoryStream(file), "bad.npy"));
        Assert.Contains("bad.npy", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void RejectsBadMagicAndFortranOrder()
    {
        Assert.Throws<ModelFormatException>(() => NpyFile.ReadFloat32(new MemoryStream(new byte[20]), "zero.npy"));
        var fortran = Build("<f4", "(1,)", new byte[4]).AsSpan().ToArray();
        var text = Encoding.Latin1.GetString(fortran).Replace("False", "True ");
        Assert.Throws<ModelFormatException>(() => NpyFile.ReadFloat32(new MemoryStream(Encoding.Latin1.GetBytes(text)), "f.npy"));
    }

    private static byte[] Build(string descr, string shape, byte[] payload)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 11) + "\n";
        var result = new List<byte>();
        result.AddRange([0x93, .. "NUMPY"u8.ToArray()]);
        result.AddRange([1, 0, (byte)(header.Length & 0xFF), (byte)(header.Length >> 8)]);
        result.AddRange(Encoding.ASCII.GetBytes(header));
        result.AddRange(payload);
        return [.. result];
    }
}
