namespace Warble.Models.Parakeet;

/// <summary>Scratch for the conformer layers, planned once for a maximum number of encoder frames and the config's attention.</summary>
internal sealed class ConformerWorkspace
{
    private readonly RelPositionAttentionScratch? attention;
    private readonly RelPositionLocalAttentionScratch? localAttention;

    public ConformerWorkspace(ConformerEncoderConfig config, int maxFrames)
    {
        int d = config.DModel;
        MaxFrames = maxFrames;
        Normed = new float[maxFrames * d];
        Query = new float[maxFrames * d];
        Key = new float[maxFrames * d];
        Value = new float[maxFrames * d];
        Attended = new float[maxFrames * d];
        Projected = new float[maxFrames * d];
        Hidden = new float[maxFrames * d * Math.Max(config.FfExpansionFactor, 2)];
        Glu = new float[maxFrames * d];
        int positions = config.LocalAttention is { } context ? context.ClampedTo(maxFrames).Positions : (2 * maxFrames) - 1;
        PosEmb = new float[positions * d];
        Pos = new float[positions * d];
        if (config.LocalAttention is { } local)
        {
            localAttention = new RelPositionLocalAttentionScratch(config.NHeads, d / config.NHeads, maxFrames, local);
        }
        else
        {
            attention = new RelPositionAttentionScratch(config.NHeads, d / config.NHeads, maxFrames);
        }
    }

    public int MaxFrames { get; }

    public float[] Normed { get; }

    public float[] Query { get; }

    public float[] Key { get; }

    public float[] Value { get; }

    public float[] Attended { get; }

    public float[] Projected { get; }

    /// <summary>FF hidden [frames, d·ff_expansion_factor], or the conv module's pointwise_conv1 output [frames, 2d].</summary>
    public float[] Hidden { get; }

    public float[] Glu { get; }

    /// <summary>pos_emb [2·frames − 1, d] (local attention: [left + right + 1, d], each side clamped to frames − 1), shared by all layers.</summary>
    public float[] PosEmb { get; }

    /// <summary>linear_pos(pos_emb) of the current layer.</summary>
    public float[] Pos { get; }

    /// <summary>Scratch of full attention (a workspace planned for full attention).</summary>
    public RelPositionAttentionScratch Attention =>
        attention ?? throw new InvalidOperationException("this workspace was planned for local attention");

    /// <summary>Scratch of local attention (a workspace planned for local attention).</summary>
    public RelPositionLocalAttentionScratch LocalAttention =>
        localAttention ?? throw new InvalidOperationException("this workspace was planned for full attention");
}
