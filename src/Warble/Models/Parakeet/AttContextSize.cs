namespace Warble.Models.Parakeet;

/// <summary>
/// NeMo's <c>att_context_size</c> [left, right] of local attention: each frame t attends to the frames
/// [t − Left, t + Right]. The unlimited context [−1, −1] of full attention is a null <see cref="AttContextSize"/>
/// in <see cref="ConformerEncoderConfig"/>.
/// </summary>
/// <param name="Left">Frames of context before each frame.</param>
/// <param name="Right">Frames of context after each frame.</param>
internal readonly record struct AttContextSize(int Left, int Right)
{
    /// <summary>The largest context accepted on either side (1 &lt;&lt; 16 frames: about 87 minutes at 80 ms a frame).</summary>
    public const int MaxContext = 1 << 16;

    /// <summary>Relative positions Left … −Right: the rows of the local positional embedding.</summary>
    public int Positions => Left + Right + 1;

    /// <summary>Whether NeMo's <c>RelPositionMultiHeadAttentionLongformer</c> takes it: both sides in [0, 1 &lt;&lt; 16], one above 0.</summary>
    public bool IsValid => Left is >= 0 and <= MaxContext && Right is >= 0 and <= MaxContext && Math.Max(Left, Right) > 0;

    /// <summary>
    /// The context that can reach another frame of <paramref name="frames"/>: each side at most frames − 1. Local
    /// attention over that many frames reads only these relative positions.
    /// </summary>
    public AttContextSize ClampedTo(int frames) => new(Math.Min(Left, Math.Max(frames - 1, 0)), Math.Min(Right, Math.Max(frames - 1, 0)));

    public override string ToString() => $"[{Left}, {Right}]";
}
