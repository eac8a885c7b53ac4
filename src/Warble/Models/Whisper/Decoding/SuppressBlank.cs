namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Forbids a blank ("" encoded as <c>encode(" ")</c>, or eot) as the first sampled token, as
/// openai-whisper's <c>SuppressBlank</c>.
/// </summary>
internal sealed class SuppressBlank : ILogitFilter
{
    private readonly int[] blankTokens;
    private readonly int sampleBegin;

    public SuppressBlank(IWhisperTokenizer tokenizer, int sampleBegin)
    {
        blankTokens = [.. tokenizer.Encode(" "), tokenizer.Special.Eot];
        this.sampleBegin = sampleBegin;
    }

    public void Apply(Span<float> logits, ReadOnlySpan<int> tokens)
    {
        if (tokens.Length == sampleBegin)
        {
            foreach (int token in blankTokens)
            {
                logits[token] = float.NegativeInfinity;
            }
        }
    }
}
