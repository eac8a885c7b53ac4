namespace Warble.Models.Parakeet;

/// <summary>
/// As NeMo <c>RelPositionalEncoding</c>: the sinusoid table over relative positions L−1 … −(L−1) (sin at even,
/// cos at odd channels, div_term = exp(−ln(10000)·2i/d), computed in float32 as NeMo does; not in the state dict),
/// and the optional xscale of the input by √d_model. Dropout is identity in eval.
/// </summary>
internal sealed class RelPositionalEncoding(int dModel, bool xscaling)
{
    /// <summary>pos_emb for <paramref name="frames"/> positions.</summary>
    /// <param name="posEmb">[2·frames − 1, d_model]: row r is relative position frames − 1 − r.</param>
    public void PositionalEmbedding(int frames, Span<float> posEmb)
    {
        for (int r = 0; r < (2 * frames) - 1; r++)
        {
            Sinusoid(frames - 1 - r, posEmb.Slice(r * dModel, dModel));
        }
    }

    /// <summary>One row of NeMo's <c>PositionalEncoding.create_pe</c>: the embedding of relative position <paramref name="position"/>.</summary>
    /// <param name="row">[d_model].</param>
    internal static void Sinusoid(float position, Span<float> row)
    {
        int dModel = row.Length;
        for (int i = 0; i < dModel; i += 2)
        {
            float divTerm = MathF.Exp(i * -(MathF.Log(10000f) / dModel));
            row[i] = MathF.Sin(position * divTerm);
            if (i + 1 < dModel)
            {
                row[i + 1] = MathF.Cos(position * divTerm);
            }
        }
    }

    /// <summary>The layer input: x·√d_model when xscaling, else x unchanged (in place).</summary>
    public void ScaleInput(Span<float> x)
    {
        if (!xscaling)
        {
            return;
        }

        float scale = MathF.Sqrt(dModel);
        foreach (ref float v in x)
        {
            v *= scale;
        }
    }
}
