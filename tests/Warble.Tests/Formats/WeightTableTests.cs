using Warble.Models.Common;
using Warble.Models.Parakeet;
using Warble.Models.Whisper;
using Warble.Tensors;
using Warble.Tests.Parakeet;

namespace Warble.Tests.Formats;

/// <summary>
/// One weight table per architecture serves the loaders' checks and the model constructors: the tensors a model
/// reads while it is built are exactly the entries the loader checked, with the same shapes.
/// </summary>
public class WeightTableTests
{
    public static TheoryData<string> ParakeetConfigs => [.. ParakeetVariants.Keys];

    private static Dictionary<string, ParakeetConfig> ParakeetVariants => new()
    {
        ["tdt"] = ParakeetHeadsTests.Tdt,
        ["rnnt, two LSTM layers"] = ParakeetHeadsTests.Tdt with
        {
            Decoder = new RnntDecoderConfig(12, 16, 2), Joint = new RnntJointConfig(12, 0, 32, 16, 16), Durations = [],
        },
        ["ctc"] = ParakeetHeadsTests.Tdt with { Decoder = null, Joint = null, Durations = [], Ctc = new CtcHeadConfig(12, "decoder") },
        ["hybrid tdt/ctc"] = ParakeetHeadsTests.Tdt with { Ctc = new CtcHeadConfig(12, "ctc_decoder") },
        ["biases, tied pos_bias, 8x subsampling"] = ParakeetHeadsTests.Tdt with
        {
            Encoder = ParakeetHeadsTests.Tdt.Encoder with { UseBias = true, UntieBiases = false, SubsamplingFactor = 8 },
        },
        ["local attention"] = ParakeetHeadsTests.Tdt with { Encoder = ParakeetHeadsTests.Tdt.Encoder.WithLocalAttention(4, 4) },
    };

    [Fact]
    public void WhisperModulesReadExactlyTheTable()
    {
        var (source, read) = Recording(DType.F16);
        _ = new AudioEncoder(source, TinyModels.Dims);
        _ = new TextDecoder(source, TinyModels.Dims);
        AssertSameEntries(WhisperWeights.Table(TinyModels.Dims), read);
    }

    [Theory]
    [MemberData(nameof(ParakeetConfigs))]
    public void ParakeetModulesReadExactlyTheTable(string variant)
    {
        ParakeetConfig config = ParakeetVariants[variant];
        var (source, read) = Recording(DType.F32);
        _ = new ParakeetModel(source, config);
        AssertSameEntries(ParakeetWeights.Table(config), read);
    }

    private static void AssertSameEntries(IEnumerable<TensorSpec> table, Dictionary<string, int[]> read)
    {
        Dictionary<string, int[]> expected = table.ToDictionary(t => t.Name, t => t.Shape);
        Assert.Empty(read.Keys.Except(expected.Keys));
        Assert.Empty(expected.Keys.Except(read.Keys));
        Assert.All(expected, e => Assert.Equal(e.Value, read[e.Key]));
    }

    /// <summary>Random weights that remember every key and shape asked for (variances of one keep BatchNorm folding finite).</summary>
    private static (WeightSource Source, Dictionary<string, int[]> Read) Recording(DType matrixType)
    {
        var read = new Dictionary<string, int[]>();
        WeightSource random = new RandomWeights(matrixType, seed: 3).Source("random");
        var source = new WeightSource(
            (key, shape) =>
            {
                read[key] = shape;
                return key.EndsWith(".running_var", StringComparison.Ordinal)
                    ? TensorView.FromFloats([.. Enumerable.Repeat(1f, shape.Aggregate(1, (a, d) => a * d))], shape)
                    : random.Get(key, shape);
            },
            "random");
        return (source, read);
    }
}
