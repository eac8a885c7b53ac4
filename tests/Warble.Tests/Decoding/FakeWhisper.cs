using Warble.Models.Whisper.Decoding;
using Warble.Models.Whisper.Timing;

namespace Warble.Tests.Decoding;

/// <summary>
/// A tiny Whisper-shaped vocabulary: text tokens 0..49 (0 = " ", 40 = ".", 41 = ",", others " wN"),
/// eot 50, sot 51, en 52, fr 53, translate 54, transcribe 55, sot_lm 56, sot_prev 57, nospeech 58,
/// notimestamps 59, timestamps 60..1560.
/// </summary>
internal sealed class FakeTokenizer : IWhisperTokenizer
{
    public const int Eot = 50;
    public const int Sot = 51;
    public const int En = 52;
    public const int Transcribe = 55;
    public const int SotPrev = 57;
    public const int NoSpeech = 58;
    public const int NoTimestamps = 59;
    public const int TimestampBegin = 60;
    public const int NVocab = TimestampBegin + 1501;

    public WhisperSpecialTokens Special { get; } = new(Eot, Sot, SotPrev, 56, NoSpeech, NoTimestamps, TimestampBegin, Transcribe, 54, ["en", "fr"], [En, 53]);

    public IReadOnlyList<int> NonSpeechTokens { get; } = [1, 2];

    public static string TokenText(int token) => token switch
    {
        0 => " ",
        40 => ".",
        41 => ",",
        < Eot => " w" + token,
        >= TimestampBegin => $"<|{(token - TimestampBegin) * 0.02:0.00}|>",
        _ => $"<|special{token}|>",
    };

    public int[] Encode(string text) => text == " " ? [0] : [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => int.Parse(w[1..]))];

    public string Decode(ReadOnlySpan<int> tokens)
    {
        var builder = new System.Text.StringBuilder();
        foreach (int t in tokens)
        {
            if (t < TimestampBegin)
            {
                builder.Append(TokenText(t));
            }
        }

        return builder.ToString();
    }

    public string DecodeWithTimestamps(ReadOnlySpan<int> tokens)
    {
        var builder = new System.Text.StringBuilder();
        foreach (int t in tokens)
        {
            builder.Append(TokenText(t));
        }

        return builder.ToString();
    }
}

/// <summary>
/// A decoder session whose logits come from a script of the sequence so far; it keeps one token
/// history per row, like a KV cache, so reordering and incremental forwards are checked.
/// </summary>
internal sealed class ScriptedSession(Func<IReadOnlyList<int>, float[]> script) : IWhisperDecoderSession, IWhisperAlignmentSession
{
    private List<List<int>> rows = [];

    public int NVocab => FakeTokenizer.NVocab;

    public int AlignmentHeadCount => 1;

    public int NAudioCtx => 1500;

    public List<int[]> Reorders { get; } = [];

    public int ForwardCalls { get; private set; }

    /// <summary>Cross-attention scores for word timestamps: [tokens, frames] per head, from the token index.</summary>
    public Func<int, int, float> CrossQk { get; set; } = (_, _) => 0;

    public void Reset(int batch) => rows = [.. Enumerable.Range(0, batch).Select(_ => new List<int>())];

    public void Forward(ReadOnlySpan<int> tokens, int batch, int count, ReadOnlySpan<int> logitPositions, Span<float> logits)
    {
        Assert.Equal(rows.Count, batch);
        ForwardCalls++;
        for (int b = 0; b < batch; b++)
        {
            int before = rows[b].Count;
            rows[b].AddRange(tokens.Slice(b * count, count).ToArray());
            for (int p = 0; p < logitPositions.Length; p++)
            {
                var history = rows[b].Take(before + logitPositions[p] + 1).ToList();
                script(history).CopyTo(logits.Slice(((b * logitPositions.Length) + p) * NVocab, NVocab));
            }
        }
    }

    public void Reorder(ReadOnlySpan<int> sourceIndices)
    {
        Reorders.Add(sourceIndices.ToArray());
        var src = sourceIndices.ToArray();
        rows = [.. src.Select(i => new List<int>(rows[i]))];
    }

    public void ForwardWithCrossAttention(ReadOnlySpan<int> tokens, Span<float> crossQk, ReadOnlySpan<int> logitPositions, Span<float> logits)
    {
        for (int t = 0; t < tokens.Length; t++)
        {
            for (int f = 0; f < NAudioCtx; f++)
            {
                crossQk[(t * NAudioCtx) + f] = CrossQk(t, f);
            }
        }

        var all = tokens.ToArray();
        for (int p = 0; p < logitPositions.Length; p++)
        {
            script([.. all.Take(logitPositions[p] + 1)]).CopyTo(logits.Slice(p * NVocab, NVocab));
        }
    }

    /// <summary>Logits of −∞ except the given (token, value) pairs.</summary>
    public static float[] Logits(params (int Token, float Value)[] values)
    {
        var logits = new float[FakeTokenizer.NVocab];
        Array.Fill(logits, float.NegativeInfinity);
        foreach (var (token, value) in values)
        {
            logits[token] = value;
        }

        return logits;
    }
}
