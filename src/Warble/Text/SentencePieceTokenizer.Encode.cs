using System.Globalization;
using System.Text;

namespace Warble.Text;

/// <summary>Encoding: normalise, then BPE merges (bpe_model.cc) or unigram Viterbi (unigram_model.cc <c>EncodeOptimized</c>).</summary>
internal sealed partial class SentencePieceTokenizer
{
    // unigram_model.cc kUnkPenalty: an unknown character scores this much below the worst piece.
    private const float UnkPenalty = 10.0f;

    /// <summary>The piece ids of <paramref name="text"/> (<c>EncodeAsIds</c>).</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = normalizer.Normalize(text);
        var pieces = model.Type switch
        {
            SentencePieceModel.ModelType.Bpe => EncodeBpe(normalized),
            SentencePieceModel.ModelType.Unigram => EncodeUnigram(normalized),
            _ => throw new NotSupportedException($"SentencePiece model_type {model.Type} is not supported."),
        };

        var ids = new List<int>(pieces.Count);
        foreach (var piece in pieces)
        {
            AppendIds(piece, ids);
        }

        return [.. ids];
    }

    /// <summary>Pieces for one normalised string, as strings, by <c>bpe::Model::Encode</c>.</summary>
    private List<string> EncodeBpe(string normalized)
    {
        // Symbols start as single characters (text elements of one scalar) in a linked list.
        var symbols = new List<string>();
        for (var i = 0; i < normalized.Length;)
        {
            var length = char.IsSurrogatePair(normalized, i) ? 2 : 1;
            symbols.Add(normalized.Substring(i, length));
            i += length;
        }

        var next = Enumerable.Range(1, symbols.Count).Select(i => i < symbols.Count ? i : -1).ToArray();
        var prev = Enumerable.Range(-1, symbols.Count).ToArray();

        // Highest score first, then leftmost (SymbolPairComparator).
        var agenda = new PriorityQueue<(int Left, int Right, int Size), (float Score, int Left)>(
            Comparer<(float Score, int Left)>.Create((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Left.CompareTo(b.Left)));
        void MaybeAddPair(int left, int right)
        {
            if (left < 0 || right < 0)
            {
                return;
            }

            var merged = symbols[left] + symbols[right];
            if (pieceIds.TryGetValue(merged, out var id) && IsMergeable(id))
            {
                agenda.Enqueue((left, right, merged.Length), (model.Pieces[id].Score, left));
            }
        }

        for (var i = 1; i < symbols.Count; i++)
        {
            MaybeAddPair(i - 1, i);
        }

        while (agenda.TryDequeue(out var top, out _))
        {
            // Stale when either side has changed since the pair was queued.
            if (symbols[top.Left].Length == 0 || symbols[top.Right].Length == 0
                || symbols[top.Left].Length + symbols[top.Right].Length != top.Size)
            {
                continue;
            }

            symbols[top.Left] += symbols[top.Right];
            symbols[top.Right] = "";
            next[top.Left] = next[top.Right];
            if (next[top.Right] >= 0)
            {
                prev[next[top.Right]] = top.Left;
            }

            MaybeAddPair(prev[top.Left], top.Left);
            MaybeAddPair(top.Left, next[top.Left]);
        }

        var result = new List<string>();
        for (var i = symbols.Count > 0 ? 0 : -1; i >= 0; i = next[i])
        {
            result.Add(symbols[i]);
        }

        return result;
    }

    /// <summary>The best-scoring segmentation (unigram Viterbi); unknown characters cost min score − 10.</summary>
    private List<string> EncodeUnigram(string normalized)
    {
        var n = normalized.Length;
        var best = new float[n + 1];
        var from = new int[n + 1];
        Array.Fill(from, -1);
        var unkScore = model.Pieces.Where(p => p.Type == SentencePieceModel.PieceType.Normal).Select(p => p.Score).DefaultIfEmpty(0).Min() - UnkPenalty;
        for (var start = 0; start < n; start++)
        {
            if (start > 0 && (from[start] < 0 || char.IsLowSurrogate(normalized[start])))
            {
                continue;
            }

            var charLength = char.IsSurrogatePair(normalized, start) ? 2 : 1;
            var hasSingle = false;
            for (var length = 1; length <= Math.Min(MaxPieceLength, n - start); length++)
            {
                if (!pieceIds.TryGetValue(normalized.Substring(start, length), out var id) || !IsMergeable(id))
                {
                    continue;
                }

                var (_, score, type) = model.Pieces[id];
                var candidate = best[start] + (type == SentencePieceModel.PieceType.UserDefined ? 0 : score);
                hasSingle |= length == charLength;
                Relax(start, start + length, candidate);
            }

            if (!hasSingle)
            {
                Relax(start, start + charLength, best[start] + unkScore);
            }
        }

        void Relax(int start, int end, float candidate)
        {
            if (from[end] < 0 || candidate > best[end])
            {
                best[end] = candidate;
                from[end] = start;
            }
        }

        var result = new List<string>();
        for (var end = n; end > 0; end = from[end])
        {
            result.Add(normalized[from[end]..end]);
        }

        result.Reverse();
        return MergeUnknowns(result);
    }

    /// <summary>Consecutive unknown pieces become one (unigram <c>Model::Encode</c>).</summary>
    private List<string> MergeUnknowns(List<string> pieces)
    {
        var merged = new List<string>();
        var previousUnknown = false;
        foreach (var piece in pieces)
        {
            var unknown = !pieceIds.ContainsKey(piece);
            if (unknown && previousUnknown)
            {
                merged[^1] += piece;
            }
            else
            {
                merged.Add(piece);
            }

            previousUnknown = unknown;
        }

        return merged;
    }

    private bool IsMergeable(int id) => model.Pieces[id].Type is SentencePieceModel.PieceType.Normal or SentencePieceModel.PieceType.UserDefined;

    /// <summary>A piece's id; an unknown piece becomes its UTF-8 bytes when byte_fallback is on, else unk.</summary>
    private void AppendIds(string piece, List<int> ids)
    {
        if (pieceIds.TryGetValue(piece, out var id) && IsMergeable(id))
        {
            ids.Add(id);
            return;
        }

        if (!model.ByteFallback)
        {
            ids.Add(model.UnkId);
            return;
        }

        foreach (var b in Encoding.UTF8.GetBytes(piece))
        {
            ids.Add(byteIds[b] >= 0 ? byteIds[b] : throw new ModelFormatException(
                $"byte_fallback is on but the model has no piece <0x{b.ToString("X2", CultureInfo.InvariantCulture)}>."));
        }
    }
}
