namespace Warble.Tests.Formats;

/// <summary>Bit-exact comparison of large float arrays that names the first difference (xunit's generic Equal is slow on millions of values).</summary>
internal static class FloatAssert
{
    public static void Identical(string name, float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            int i = expected.AsSpan().CommonPrefixLength(actual);
            Assert.Fail($"{name}[{i}]: expected {expected[i]}, got {actual[i]}");
        }
    }
}
