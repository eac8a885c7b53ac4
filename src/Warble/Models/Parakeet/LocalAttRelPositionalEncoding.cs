namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>LocalAttRelPositionalEncoding</c>: the sinusoid table (<see cref="RelPositionalEncoding.Sinusoid"/>) over
/// the relative positions left … −right of the attention window. Its xscale of the input is the same as
/// <see cref="RelPositionalEncoding.ScaleInput"/>'s. Dropout is identity in eval.
/// </summary>
internal sealed class LocalAttRelPositionalEncoding(int dModel, AttContextSize context)
{
    /// <summary>
    /// pos_emb for <paramref name="frames"/> frames: NeMo's <c>pe[:, :left + right + 1]</c>, less the positions no two of
    /// the frames are apart (each side clamped to frames − 1, <see cref="AttContextSize.ClampedTo"/>).
    /// </summary>
    /// <param name="posEmb">[ClampedTo(frames).Positions, d_model]: row r is relative position ClampedTo(frames).Left − r.</param>
    public void PositionalEmbedding(int frames, Span<float> posEmb)
    {
        AttContextSize used = context.ClampedTo(frames);
        for (int r = 0; r < used.Positions; r++)
        {
            RelPositionalEncoding.Sinusoid(used.Left - r, posEmb.Slice(r * dModel, dModel));
        }
    }
}
