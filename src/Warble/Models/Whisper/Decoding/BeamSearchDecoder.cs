using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Beam search with patience, as openai-whisper's <c>BeamSearchDecoder</c> for one audio. Each
/// beam proposes its top beam_size + 1 tokens; candidates are keyed by their whole sequence (so
/// identical beams, as at the first step, merge as in openai's dict, keeping the first position
/// and the last value); they are ranked by a stable descending sort; eot candidates go to the
/// finished list (up to round(beam_size × patience)), the others fill the beams.
/// </summary>
internal sealed class BeamSearchDecoder : ITokenDecoder
{
    private readonly int beamSize;
    private readonly int eot;
    private readonly IWhisperDecoderSession session;
    private readonly int maxCandidates;
    private readonly Candidate[] candidates;
    private readonly int[] canonical;
    private readonly int[] sources;
    private readonly int[] nextTokens;
    private readonly (float Logprob, int Token)[] top;
    private float[] logprobs = [];
    private readonly List<(int[] Tokens, double Score)> newlyFinished = [];
    private List<(int[] Tokens, double Score)>? finishedSequences;

    public BeamSearchDecoder(int beamSize, int eot, IWhisperDecoderSession session, double? patience)
    {
        this.beamSize = beamSize;
        this.eot = eot;
        this.session = session;
        double effectivePatience = patience is { } p && p != 0 ? p : 1.0;
        maxCandidates = (int)Math.Round(beamSize * effectivePatience, MidpointRounding.ToEven);
        if (maxCandidates <= 0)
        {
            throw new ArgumentException($"Invalid beam size ({beamSize}) or patience ({patience})");
        }

        candidates = new Candidate[beamSize * (beamSize + 1)];
        canonical = new int[beamSize];
        sources = new int[beamSize];
        nextTokens = new int[beamSize];
        top = new (float, int)[beamSize + 1];
    }

    public void Reset() => finishedSequences = null;

    public bool Update(TokenBuffer tokens, ReadOnlySpan<float> logits, Span<float> sumLogprobs)
    {
        if (tokens.Batch != beamSize)
        {
            throw new ArgumentException($"{tokens.Batch} sequences for {beamSize} beams");
        }

        finishedSequences ??= [];
        int count = CollectCandidates(tokens, logits, sumLogprobs);
        SortDescending(candidates.AsSpan(0, count));

        // STEP 2: keep the top beam_size unfinished sequences; collect the finished ones
        newlyFinished.Clear();
        int saved = 0;
        for (int c = 0; c < count && saved < beamSize; c++)
        {
            var candidate = candidates[c];
            if (candidate.Token == eot)
            {
                newlyFinished.Add(([.. tokens.Row(candidate.Prefix), eot], candidate.Score));
            }
            else
            {
                sumLogprobs[saved] = (float)candidate.Score;
                sources[saved] = candidate.Source;
                canonical[saved] = candidate.Prefix;
                nextTokens[saved] = candidate.Token;
                saved++;
            }
        }

        tokens.ReorderAndAppend(canonical, nextTokens);
        session.Reorder(sources);

        // newlyFinished is already in descending order (a subsequence of the sorted candidates)
        foreach (var finished in newlyFinished)
        {
            if (finishedSequences.Count >= maxCandidates)
            {
                break; // the candidate list is full
            }

            finishedSequences.Add(finished);
        }

        return finishedSequences.Count >= maxCandidates;
    }

    public IReadOnlyList<(int[] Tokens, double SumLogprob)> Finalize(TokenBuffer tokens, ReadOnlySpan<float> sumLogprobs)
    {
        var sequences = finishedSequences ?? [];
        if (sequences.Count < beamSize)
        {
            // list(np.argsort(sum_logprobs))[::-1]: a stable ascending sort, reversed
            var order = new int[tokens.Batch];
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var keys = sumLogprobs[..tokens.Batch].ToArray();
            var stableKeys = keys.Select((k, i) => (k, i)).OrderBy(t => t.k).ThenBy(t => t.i).Select(t => t.i).ToArray();
            for (int r = stableKeys.Length - 1; r >= 0; r--)
            {
                int j = stableKeys[r];
                int[] sequence = [.. tokens.Row(j), eot];
                int existing = sequences.FindIndex(s => s.Tokens.AsSpan().SequenceEqual(sequence));
                if (existing >= 0)
                {
                    sequences[existing] = (sequences[existing].Tokens, sumLogprobs[j]);
                }
                else
                {
                    sequences.Add((sequence, sumLogprobs[j]));
                }

                if (sequences.Count >= beamSize)
                {
                    break;
                }
            }
        }

        return sequences;
    }

    private int CollectCandidates(TokenBuffer tokens, ReadOnlySpan<float> logits, ReadOnlySpan<float> sumLogprobs)
    {
        int nVocab = logits.Length / beamSize;
        if (logprobs.Length != nVocab)
        {
            logprobs = new float[nVocab];
        }

        int count = 0;
        for (int j = 0; j < beamSize; j++)
        {
            canonical[j] = j;
            for (int k = 0; k < j; k++)
            {
                if (tokens.Row(k).SequenceEqual(tokens.Row(j)))
                {
                    canonical[j] = k;
                    break;
                }
            }

            // STEP 1: cumulative log-probabilities of the beam's top beam_size + 1 tokens
            LogitMath.LogSoftmax(logits.Slice(j * nVocab, nVocab), logprobs);
            TopK(logprobs, top);
            foreach (var (logprob, token) in top)
            {
                double score = sumLogprobs[j] + logprob; // float32 add, as (sum_logprobs[idx] + logprob).item()
                score = (float)score;
                int existing = FindCandidate(count, canonical[j], token);
                if (existing >= 0)
                {
                    candidates[existing] = candidates[existing] with { Score = score, Source = j };
                }
                else
                {
                    candidates[count++] = new Candidate(canonical[j], token, score, j);
                }
            }
        }

        return count;
    }

    private int FindCandidate(int count, int prefix, int token)
    {
        for (int c = 0; c < count; c++)
        {
            if (candidates[c].Prefix == prefix && candidates[c].Token == token)
            {
                return c;
            }
        }

        return -1;
    }

    /// <summary>
    /// The k largest values, descending, lower index first among equals. Once k are held, a block of values none of
    /// which beats the k-th is skipped with one vector compare: nearly the whole vocabulary, every step of every beam.
    /// </summary>
    private static void TopK(ReadOnlySpan<float> values, Span<(float Logprob, int Token)> result)
    {
        int k = result.Length, width = Vector256<float>.Count;
        int filled = 0;
        ref float start = ref MemoryMarshal.GetReference(values);
        for (int i = 0; i < values.Length; i++)
        {
            if (filled == k && i % width == 0 && i + width <= values.Length
                && !Vector256.GreaterThanAny(Vector256.LoadUnsafe(ref start, (nuint)i), Vector256.Create(result[k - 1].Logprob)))
            {
                i += width - 1;
                continue;
            }

            float v = values[i];
            if (filled == k && !(v > result[k - 1].Logprob))
            {
                continue;
            }

            int pos = filled < k ? filled++ : k - 1;
            while (pos > 0 && v > result[pos - 1].Logprob)
            {
                result[pos] = result[pos - 1];
                pos--;
            }

            result[pos] = (v, i);
        }
    }

    /// <summary>Python's <c>sorted(..., reverse=True)</c>: descending and stable.</summary>
    private static void SortDescending(Span<Candidate> items)
    {
        for (int i = 1; i < items.Length; i++)
        {
            var item = items[i];
            int j = i;
            while (j > 0 && item.Score > items[j - 1].Score)
            {
                items[j] = items[j - 1];
                j--;
            }

            items[j] = item;
        }
    }

    private readonly record struct Candidate(int Prefix, int Token, double Score, int Source);
}
