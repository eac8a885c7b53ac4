namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// The byte length of <c>zlib.compress(data)</c> (zlib 1.2.x, level 6, windowBits 15, memLevel 8,
/// default strategy) without writing the stream. The LZ77 pass follows zlib's
/// <c>deflate_slow</c> and <c>longest_match</c> (good 8, lazy 16, nice 128, chain 128; hash
/// chains with NIL = 0, so position 0 is never matched; length-3 matches farther than 4096 are
/// dropped); block sizes come from <see cref="DeflateTrees"/> (<c>trees.c</c>). Ported for
/// exactness from zlib (Jean-loup Gailly and Mark Adler, zlib licence).
/// </summary>
/// <remarks>Inputs up to 32 KiB - 262 bytes are exact (no window slide ever happens); longer
/// inputs, which a 30-s window's text never reaches, skip the slide bookkeeping.</remarks>
internal static class ZlibDeflateSize
{
    private const int MinMatch = 3;
    private const int MaxMatch = 258;
    private const int WSize = 1 << 15;
    private const int MinLookahead = MaxMatch + MinMatch + 1;
    private const int MaxDist = WSize - MinLookahead;
    private const int HashMask = (1 << 15) - 1;
    private const int GoodMatch = 8;
    private const int MaxLazy = 16;
    private const int NiceMatch = 128;
    private const int MaxChain = 128;
    private const int TooFar = 4096;

    /// <summary>The length of the zlib stream (2-byte header, deflate data, 4-byte Adler-32).</summary>
    public static int Compress(ReadOnlySpan<byte> input)
    {
        var window = new byte[input.Length + MaxMatch + 1];
        input.CopyTo(window);
        var head = new int[HashMask + 1];
        var prev = new int[WSize];
        var trees = new DeflateTrees();

        int strstart = 0;
        int lookahead = input.Length;
        int blockStart = 0;
        int prevLength;
        int matchLength = MinMatch - 1;
        int prevMatch;
        int matchStart = 0;
        bool matchAvailable = false;
        while (lookahead > 0)
        {
            int hashHead = 0;
            if (lookahead >= MinMatch)
            {
                hashHead = Insert(window, head, prev, strstart);
            }

            prevLength = matchLength;
            prevMatch = matchStart;
            matchLength = MinMatch - 1;
            if (hashHead != 0 && prevLength < MaxLazy && strstart - hashHead <= MaxDist)
            {
                (matchLength, matchStart) = LongestMatch(window, prev, strstart, lookahead, prevLength, hashHead, matchStart);
                if (matchLength == MinMatch && strstart - matchStart > TooFar)
                {
                    matchLength = MinMatch - 1;
                }
            }

            if (prevLength >= MinMatch && matchLength <= prevLength)
            {
                int maxInsert = strstart + lookahead - MinMatch;
                bool flush = trees.TallyDistance(strstart - 1 - prevMatch, prevLength - MinMatch);
                lookahead -= prevLength - 1;
                prevLength -= 2;
                do
                {
                    if (++strstart <= maxInsert)
                    {
                        Insert(window, head, prev, strstart);
                    }
                }
                while (--prevLength != 0);
                matchAvailable = false;
                matchLength = MinMatch - 1;
                strstart++;
                if (flush)
                {
                    trees.FlushBlock(blockStart, strstart - blockStart, last: false);
                    blockStart = strstart;
                }
            }
            else if (matchAvailable)
            {
                if (trees.TallyLiteral(window[strstart - 1]))
                {
                    trees.FlushBlock(blockStart, strstart - blockStart, last: false);
                    blockStart = strstart;
                }

                strstart++;
                lookahead--;
            }
            else
            {
                matchAvailable = true;
                strstart++;
                lookahead--;
            }
        }

        if (matchAvailable)
        {
            trees.TallyLiteral(window[strstart - 1]);
        }

        trees.FlushBlock(blockStart, strstart - blockStart, last: true);
        long bytes = (trees.TotalBits + 7) / 8;
        return (int)(2 + bytes + 4);
    }

    private static int Insert(byte[] window, int[] head, int[] prev, int position)
    {
        int hash = ((window[position] << 10) ^ (window[position + 1] << 5) ^ window[position + 2]) & HashMask;
        int hashHead = head[hash];
        prev[position & (WSize - 1)] = hashHead;
        head[hash] = position;
        return hashHead;
    }

    private static (int Length, int Start) LongestMatch(
        byte[] window, int[] prev, int strstart, int lookahead, int prevLength, int curMatch, int matchStart)
    {
        int chainLength = MaxChain;
        int bestLen = prevLength;
        int niceMatch = Math.Min(NiceMatch, lookahead);
        int limit = strstart > MaxDist ? strstart - MaxDist : 0;
        if (prevLength >= GoodMatch)
        {
            chainLength >>= 2;
        }

        do
        {
            int len = 0;
            while (len < MaxMatch && window[curMatch + len] == window[strstart + len])
            {
                len++;
            }

            if (len > bestLen)
            {
                matchStart = curMatch;
                bestLen = len;
                if (len >= niceMatch)
                {
                    break;
                }
            }

            curMatch = prev[curMatch & (WSize - 1)];
        }
        while (curMatch > limit && --chainLength != 0);

        return (Math.Min(bestLen, lookahead), matchStart);
    }
}
