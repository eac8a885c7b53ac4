using Warble.Models.Whisper.Decoding;

namespace Warble.Models.Whisper.Timing;

/// <summary>
/// openai-whisper's <c>timing.find_alignment</c>: the alignment heads' cross-attention over the
/// window's frames, softmax per head, standardised over tokens, median-filtered, averaged over
/// heads, then DTW of the text rows against time; word boundaries come from the tokenizer.
/// </summary>
internal static class Alignment
{
    private const int TokensPerSecond = 50;

    /// <summary>Aligns <paramref name="textTokens"/> (no timestamps, no eot) to the window's frames.</summary>
    /// <param name="sotSequence">the tokenizer's start sequence (language and task, no notimestamps).</param>
    /// <param name="numFrames">mel frames of content in the window (segment_size).</param>
    public static List<WordTiming> FindAlignment(
        IWhisperAlignmentSession session,
        IWhisperTokenizer tokenizer,
        IReadOnlyList<int> sotSequence,
        string? language,
        IReadOnlyList<int> textTokens,
        int numFrames,
        int medfiltWidth = 7,
        float qkScale = 1.0f)
    {
        if (textTokens.Count == 0)
        {
            return [];
        }

        var special = tokenizer.Special;
        int[] tokens = [.. sotSequence, special.NoTimestamps, .. textTokens, special.Eot];
        int sotLength = sotSequence.Count;
        int heads = session.AlignmentHeadCount;
        int nAudioCtx = session.NAudioCtx;
        var qk = new float[heads * tokens.Length * nAudioCtx];
        var positions = new int[textTokens.Count];
        for (int i = 0; i < positions.Length; i++)
        {
            positions[i] = sotLength + i;
        }

        int nVocab = session.NVocab;
        var logits = new float[positions.Length * nVocab];
        session.ForwardWithCrossAttention(tokens, qk, positions, logits);
        var textTokenProbs = new double[textTokens.Count];
        for (int i = 0; i < textTokens.Count; i++)
        {
            var row = logits.AsSpan(i * nVocab, special.Eot);
            textTokenProbs[i] = LogitMath.SoftmaxAt(row, textTokens[i]);
        }

        int frames = numFrames / 2;
        var matrix = AttentionMatrix(qk, heads, tokens.Length, nAudioCtx, frames, medfiltWidth, qkScale);

        // matrix[len(sot_sequence):-1], negated, in float64
        int n = tokens.Length - 1 - sotLength;
        var cost = new double[n * frames];
        for (int i = 0; i < n; i++)
        {
            for (int f = 0; f < frames; f++)
            {
                cost[(i * frames) + f] = -(double)matrix[((sotLength + i) * frames) + f];
            }
        }

        var (textIndices, timeIndices) = Dtw.Compute(cost, n, frames);
        return ToWords(tokenizer, language, textTokens, textTokenProbs, textIndices, timeIndices);
    }

    /// <summary>softmax(qk·scale) over the first <paramref name="frames"/> frames, standardised over tokens, median-filtered, mean over heads → [tokens, frames].</summary>
    private static float[] AttentionMatrix(float[] qk, int heads, int tokenCount, int nAudioCtx, int frames, int medfiltWidth, float qkScale)
    {
        var weights = new float[heads * tokenCount * frames];
        for (int h = 0; h < heads; h++)
        {
            for (int t = 0; t < tokenCount; t++)
            {
                var source = qk.AsSpan(((h * tokenCount) + t) * nAudioCtx, frames);
                var row = weights.AsSpan(((h * tokenCount) + t) * frames, frames);
                for (int f = 0; f < frames; f++)
                {
                    row[f] = source[f] * qkScale;
                }

                float max = LogitMath.Max(row);
                double sum = 0;
                for (int f = 0; f < frames; f++)
                {
                    row[f] = MathF.Exp(row[f] - max);
                    sum += row[f];
                }

                float inverse = (float)(1.0 / sum);
                for (int f = 0; f < frames; f++)
                {
                    row[f] *= inverse;
                }
            }

            Standardize(weights.AsSpan(h * tokenCount * frames, tokenCount * frames), tokenCount, frames);
        }

        MedianFilter.Apply(weights, frames, medfiltWidth);
        var matrix = new float[tokenCount * frames];
        for (int i = 0; i < matrix.Length; i++)
        {
            float sum = 0;
            for (int h = 0; h < heads; h++)
            {
                sum += weights[(h * tokenCount * frames) + i];
            }

            matrix[i] = sum / heads;
        }

        return matrix;
    }

    /// <summary>(w − mean) / std over the token axis, std without Bessel's correction (torch.std_mean(unbiased=False)).</summary>
    private static void Standardize(Span<float> w, int tokenCount, int frames)
    {
        for (int f = 0; f < frames; f++)
        {
            double mean = 0;
            for (int t = 0; t < tokenCount; t++)
            {
                mean += w[(t * frames) + f];
            }

            mean /= tokenCount;
            double variance = 0;
            for (int t = 0; t < tokenCount; t++)
            {
                double d = w[(t * frames) + f] - mean;
                variance += d * d;
            }

            float meanF = (float)mean;
            float stdF = (float)Math.Sqrt(variance / tokenCount);
            for (int t = 0; t < tokenCount; t++)
            {
                w[(t * frames) + f] = (w[(t * frames) + f] - meanF) / stdF;
            }
        }
    }

    private static List<WordTiming> ToWords(
        IWhisperTokenizer tokenizer, string? language, IReadOnlyList<int> textTokens, double[] textTokenProbs, int[] textIndices, int[] timeIndices)
    {
        var (words, wordTokens) = WordSplitter.Split(tokenizer, language, [.. textTokens, tokenizer.Special.Eot]);
        if (wordTokens.Count <= 1)
        {
            return [];
        }

        var boundaries = new int[wordTokens.Count];
        for (int i = 1; i < boundaries.Length; i++)
        {
            boundaries[i] = boundaries[i - 1] + wordTokens[i - 1].Count;
        }

        var jumpTimes = new List<double>();
        for (int k = 0; k < textIndices.Length; k++)
        {
            if (k == 0 || textIndices[k] != textIndices[k - 1])
            {
                jumpTimes.Add(timeIndices[k] / (double)TokensPerSecond);
            }
        }

        var result = new List<WordTiming>(words.Count - 1);
        for (int w = 0; w < boundaries.Length - 1; w++)
        {
            double probability = NumpyMath.Mean(textTokenProbs.AsSpan(boundaries[w], boundaries[w + 1] - boundaries[w]));
            result.Add(new WordTiming(words[w], wordTokens[w], jumpTimes[boundaries[w]], jumpTimes[boundaries[w + 1]], probability));
        }

        return result;
    }
}
