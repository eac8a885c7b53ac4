using Warble.Models.Parakeet;

namespace Warble.Tests.Parakeet;

/// <summary>encoder.self_attention_model and encoder.att_context_size from model_config.yaml, and the switch to local attention.</summary>
public class LocalAttentionConfigTests
{
    private const string Head = "target: nemo.collections.asr.models.ctc_bpe_models.EncDecCTCModelBPE\ndecoder: {feat_in: 64, num_classes: 40}\n";

    [Theory]
    [InlineData("", null)]
    [InlineData(", self_attention_model: rel_pos, att_context_size: [-1, -1]", null)]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [8, 8]", "8,8")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [64, 0]", "64,0")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [[128, 16], [64, 8]]", "128,16")]
    public void TheYamlGivesTheAttention(string keys, string? context)
    {
        ConformerEncoderConfig encoder = Parse(keys).Encoder;
        Assert.Equal(context is null ? null : new AttContextSize(int.Parse(context.Split(',')[0]), int.Parse(context.Split(',')[1])), encoder.LocalAttention);
    }

    [Theory]
    [InlineData(", self_attention_model: abs_pos")]
    [InlineData(", self_attention_model: rel_pos_local_attn")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [0, 0]")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [-1, 8]")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [8, 65537]")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [8, 8, 8]")]
    [InlineData(", self_attention_model: rel_pos_local_attn, att_context_size: [8, x]")]
    [InlineData(", self_attention_model: rel_pos, att_context_size: [70, 13]")]
    public void UnsupportedAttentionIsAOneLineFormatErrorNamingTheFile(string keys)
    {
        string message = Assert.Throws<ModelFormatException>(() => Parse(keys)).Message;
        Assert.DoesNotContain('\n', message);
        Assert.Contains("model.yaml", message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithLocalAttentionKeepsTheRestAndChecksTheContext()
    {
        ConformerEncoderConfig full = ParakeetConfig.TdtV3.Encoder;
        ConformerEncoderConfig local = full.WithLocalAttention(128, 128);
        Assert.Equal(full with { SelfAttentionModel = ConformerEncoderConfig.RelPosLocalAttn, AttContextSize = new AttContextSize(128, 128) }, local);
        Assert.Throws<ArgumentOutOfRangeException>(() => full.WithLocalAttention(0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => full.WithLocalAttention(-1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => full.WithLocalAttention(4, (1 << 16) + 1));
    }

    private static ParakeetConfig Parse(string encoderKeys)
    {
        string yaml = Head + "encoder: {feat_in: 80, n_layers: 2, d_model: 64, n_heads: 4, subsampling_factor: 8" + encoderKeys + "}\n";
        return ParakeetConfig.Parse(yaml, "model.yaml");
    }
}
