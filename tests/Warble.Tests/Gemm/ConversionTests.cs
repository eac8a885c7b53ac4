using Warble.Tensors.Gemm;
using Warble.Tensors.Quantization;

namespace Warble.Tests.Gemm;

public sealed class ConversionTests
{
    /// <summary>The vectorized conversions, for <see cref="Kernels.KernelSelfCheck"/>.</summary>
    internal static void RunAll()
    {
        var tests = new ConversionTests();
        tests.HalfToSingleIsExactForEveryBitPattern();
        tests.SingleToHalfRoundsToNearestEven();
        tests.BFloat16ToSingleIsExact();
    }

    [Fact]
    public void HalfToSingleIsExactForEveryBitPattern()
    {
        ushort[] bits = [.. Enumerable.Range(0, 65536).Select(i => (ushort)i)];
        var values = new float[bits.Length + 3];
        RowDecoders.ToSingle<RowDecoders.F16>(bits.AsSpan(3), values);
        RowDecoders.ToSingle<RowDecoders.F16>(bits.AsSpan(0, 3), values.AsSpan(bits.Length - 3));
        for (int i = 3; i < bits.Length; i++)
        {
            float expected = (float)BitConverter.UInt16BitsToHalf(bits[i]);
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(values[i - 3]));
        }
    }

    [Fact]
    public void SingleToHalfRoundsToNearestEven()
    {
        var random = new Random(12);
        float[] special = [0f, -0f, 65504f, 65520f, 65519.99f, -65520f, 1e-8f, 2.98e-8f, 5.96e-8f, 6.1e-5f, float.Epsilon,
            float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, 1.00048828125f, 1.00146484375f, 0.5f];
        float[] source = [.. special, .. Enumerable.Range(0, 5000).Select(_ => BitConverter.Int32BitsToSingle(random.Next()) * (random.Next(2) * 2 - 1))];
        source = [.. source.Where(f => !float.IsNaN(f)), float.NaN];
        var halves = new ushort[source.Length];
        HalfConversion.FromSingle(source, halves);
        for (int i = 0; i < source.Length - 1; i++)
        {
            Assert.Equal(BitConverter.HalfToUInt16Bits((Half)source[i]), halves[i]);
        }

        Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(halves[^1])));
    }

    [Fact]
    public void BFloat16ToSingleIsExact()
    {
        ushort[] bits = [.. Enumerable.Range(0, 65536).Select(i => (ushort)i)];
        var values = new float[bits.Length];
        RowDecoders.ToSingle<RowDecoders.BF16>(bits, values);
        for (int i = 0; i < bits.Length; i++)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(BFloat16Bits.ToSingle(bits[i])), BitConverter.SingleToUInt32Bits(values[i]));
        }
    }

    [Fact]
    public void Q8_0MatchesReference()
    {
        float[] source = GemmData.Random(32 * 40, 13);
        source.AsSpan(0, 32).Clear();
        source[40] = 0.5f;
        source[41] = -0.5f;
        for (int i = 64; i < 96; i++)
        {
            source[i] = (i - 80) * 127f / 16 / 8;
        }

        var expected = new byte[40 * Q8_0.BlockBytes];
        var actual = new byte[expected.Length];
        Q8_0.QuantizeReference(source, expected);
        Q8_0.Quantize(source, actual);
        Assert.Equal(expected, actual);

        var values = new float[source.Length];
        var reference = new float[source.Length];
        Q8_0.DequantizeReference(expected, reference);
        Q8_0.Dequantize(expected, values);
        Assert.Equal(reference, values);
    }

    [Fact]
    public void ShortDestinationsThrow()
    {
        Assert.Throws<ArgumentException>(() => RowDecoders.ToSingle<RowDecoders.F16>(new ushort[4], new float[3]));
        Assert.Throws<ArgumentException>(() => HalfConversion.FromSingle(new float[4], new ushort[3]));
        Assert.Throws<ArgumentException>(() => RowDecoders.ToSingle<RowDecoders.BF16>(new ushort[4], new float[3]));
        Assert.Throws<ArgumentException>(() => Q8_0.Quantize(new float[64], new byte[67]));
        Assert.Throws<ArgumentException>(() => Q8_0.Dequantize(new byte[67], new float[64]));
    }
}
