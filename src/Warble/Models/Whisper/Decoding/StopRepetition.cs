namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Ends a window's text once it loops: when the sampled tokens end in the same n-gram (1 to <see cref="MaxNgram"/>
/// tokens) repeated <c>limit</c> times in a row, only end-of-text may follow, so the loop is not written out to the
/// length of the window. Not part of openai-whisper (it has the compression-ratio fallback only, which a loop at every
/// temperature defeats); off unless asked for.
/// </summary>
internal sealed class StopRepetition(int sampleBegin, int eot, int limit) : ILogitFilter
{
    /// <summary>The longest repeated unit looked for.</summary>
    public const int MaxNgram = 16;

    public void Apply(Span<float> logits, ReadOnlySpan<int> tokens)
    {
        ReadOnlySpan<int> sampled = tokens[Math.Min(sampleBegin, tokens.Length)..];
        if (float.IsNegativeInfinity(logits[eot]) || !Loops(sampled, limit))
        {
            return;
        }

        float keep = logits[eot];
        logits.Fill(float.NegativeInfinity);
        logits[eot] = keep;
    }

    /// <summary>Whether <paramref name="tokens"/> end in some n-gram repeated <paramref name="limit"/> times in a row.</summary>
    internal static bool Loops(ReadOnlySpan<int> tokens, int limit)
    {
        for (int n = 1; n <= MaxNgram && n * limit <= tokens.Length; n++)
        {
            ReadOnlySpan<int> unit = tokens[^n..];
            bool repeated = true;
            for (int copy = 2; copy <= limit && repeated; copy++)
            {
                repeated = tokens.Slice(tokens.Length - (copy * n), n).SequenceEqual(unit);
            }

            if (repeated)
            {
                return true;
            }
        }

        return false;
    }
}
