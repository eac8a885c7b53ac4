namespace Warble.Text;

/// <summary>The byte-pair merge loop (tiktoken <c>_byte_pair_merge</c>).</summary>
internal sealed partial class ByteLevelBpe
{
    /// <summary>
    /// Merges the bytes of <paramref name="piece"/> (Latin-1) pairwise: at each step the adjacent pair with the
    /// lowest rank merges, the leftmost on ties, until no pair has a rank. Quadratic in the pre-token length, like
    /// tiktoken; the per-word cache keeps repeated words free.
    /// </summary>
    private int[] BytePairEncode(string piece)
    {
        // starts[k] is where part k begins; ranks[k] is the rank of merging part k with part k+1.
        var count = piece.Length;
        var starts = new int[count + 1];
        var ranks = new int[count + 1];
        for (var k = 0; k <= count; k++)
        {
            starts[k] = k;
        }

        for (var k = 0; k < count - 1; k++)
        {
            ranks[k] = PairRank(piece, starts[k], starts[k + 1], starts[k + 2]);
        }

        var parts = count;
        while (parts > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var k = 0; k < parts - 1; k++)
            {
                if (ranks[k] < bestRank)
                {
                    bestRank = ranks[k];
                    best = k;
                }
            }

            if (best < 0)
            {
                break;
            }

            // Remove the boundary at best+1, then re-rank the pairs either side of the merged part.
            Array.Copy(starts, best + 2, starts, best + 1, parts - best - 1);
            Array.Copy(ranks, best + 2, ranks, best + 1, Math.Max(0, parts - best - 3));
            parts--;
            ranks[best] = best + 1 < parts ? PairRank(piece, starts[best], starts[best + 1], starts[best + 2]) : int.MaxValue;
            if (best > 0)
            {
                ranks[best - 1] = PairRank(piece, starts[best - 1], starts[best], starts[best + 1]);
            }
        }

        var result = new int[parts];
        for (var k = 0; k < parts; k++)
        {
            result[k] = idLookup[piece.AsSpan(starts[k], starts[k + 1] - starts[k])];
        }

        return result;
    }

    /// <summary>The rank of merging piece[start..mid) with piece[mid..end), or int.MaxValue when they do not merge.</summary>
    private int PairRank(string piece, int start, int mid, int end)
    {
        if (mergeRanks is null)
        {
            return idLookup.TryGetValue(piece.AsSpan(start, end - start), out var rank) ? rank : int.MaxValue;
        }

        if (!idLookup.TryGetValue(piece.AsSpan(start, mid - start), out var left)
            || !idLookup.TryGetValue(piece.AsSpan(mid, end - mid), out var right))
        {
            return int.MaxValue;
        }

        return mergeRanks.TryGetValue(PairKey(left, right), out var mergeRank) ? mergeRank : int.MaxValue;
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;
}
