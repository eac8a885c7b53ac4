namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// Symbol frequencies and block sizes of zlib's <c>trees.c</c> (<c>_tr_tally</c>,
/// <c>_tr_flush_block</c>, <c>build_tree</c>, <c>gen_bitlen</c>, <c>scan_tree</c>,
/// <c>build_bl_tree</c>), counting bits instead of emitting them. The heap tie-breaking
/// (<c>smaller</c> compares frequency, then depth) is kept, since it decides code lengths.
/// </summary>
internal sealed partial class DeflateTrees
{
    private const int Literals = 256;
    private const int LCodes = Literals + 1 + 29;
    private const int DCodes = 30;
    private const int BlCodes = 19;
    private const int HeapSize = (2 * LCodes) + 1;
    private const int EndBlock = 256;
    private const int SymbolLimit = (1 << 14) - 1;

    private static readonly int[] ExtraLBits = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
    private static readonly int[] ExtraDBits = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
    private static readonly int[] ExtraBlBits = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7];
    private static readonly int[] BlOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
    private static readonly int[] StaticLLen = BuildStaticLiteralLengths();
    private static readonly int[] StaticDLen = Enumerable.Repeat(5, DCodes).ToArray();
    private static readonly int[] LengthCode = BuildLengthCode();
    private static readonly int[] BaseDist = BuildBaseDist();

    private readonly Tree literalTree = new(LCodes, ExtraLBits, Literals + 1, 15, StaticLLen);
    private readonly Tree distanceTree = new(DCodes, ExtraDBits, 0, 15, StaticDLen);
    private readonly Tree bitLengthTree = new(BlCodes, ExtraBlBits, 0, 7, null);
    private readonly int[] heap = new int[HeapSize];
    private readonly int[] depth = new int[HeapSize];
    private readonly int[] blCount = new int[16];
    private int symbols;
    private long optLen;
    private long staticLen;

    public DeflateTrees()
    {
        InitBlock();
    }

    /// <summary>Bits emitted so far (blocks are byte-aligned only where zlib aligns them).</summary>
    public long TotalBits { get; private set; }

    /// <summary><c>_tr_tally_lit</c>; returns whether the block must be flushed.</summary>
    public bool TallyLiteral(byte literal)
    {
        literalTree.Freq[literal]++;
        return ++symbols == SymbolLimit;
    }

    /// <summary><c>_tr_tally_dist</c> with the match distance and length − 3; returns whether to flush.</summary>
    public bool TallyDistance(int distance, int lengthMinusThree)
    {
        literalTree.Freq[LengthCode[lengthMinusThree] + Literals + 1]++;
        distanceTree.Freq[DistanceCode(distance - 1)]++;
        return ++symbols == SymbolLimit;
    }

    /// <summary><c>_tr_flush_block</c>: picks stored, fixed or dynamic codes by size.</summary>
    public void FlushBlock(int blockStart, int storedLen, bool last)
    {
        optLen = staticLen = 0;
        BuildTree(literalTree);
        BuildTree(distanceTree);
        BuildBitLengthTree();
        long optLenBytes = (optLen + 3 + 7) >> 3;
        long staticLenBytes = (staticLen + 3 + 7) >> 3;
        if (staticLenBytes <= optLenBytes)
        {
            optLenBytes = staticLenBytes;
        }

        if (storedLen + 4 <= optLenBytes && blockStart >= 0)
        {
            TotalBits = ((TotalBits + 3 + 7) / 8 * 8) + 32 + (8L * storedLen);
        }
        else if (staticLenBytes == optLenBytes)
        {
            TotalBits += 3 + staticLen;
        }
        else
        {
            TotalBits += 3 + optLen;
        }

        InitBlock();
        if (last)
        {
            TotalBits = (TotalBits + 7) / 8 * 8;
        }
    }

    private void InitBlock()
    {
        Array.Clear(literalTree.Freq);
        Array.Clear(distanceTree.Freq);
        Array.Clear(bitLengthTree.Freq);
        literalTree.Freq[EndBlock] = 1;
        symbols = 0;
    }

    private static int DistanceCode(int distance)
    {
        int code = DCodes - 1;
        while (BaseDist[code] > distance)
        {
            code--;
        }

        return code;
    }

    private void BuildBitLengthTree()
    {
        ScanTree(literalTree.Len, literalTree.MaxCode);
        ScanTree(distanceTree.Len, distanceTree.MaxCode);
        BuildTree(bitLengthTree);
        int maxBlIndex;
        for (maxBlIndex = BlCodes - 1; maxBlIndex >= 3; maxBlIndex--)
        {
            if (bitLengthTree.Len[BlOrder[maxBlIndex]] != 0)
            {
                break;
            }
        }

        optLen += (3 * (maxBlIndex + 1)) + 5 + 5 + 4;
    }

    private void ScanTree(int[] len, int maxCode)
    {
        int prevLen = -1;
        int nextLen = len[0];
        int count = 0;
        int maxCount = nextLen == 0 ? 138 : 7;
        int minCount = nextLen == 0 ? 3 : 4;
        len[maxCode + 1] = 0xffff; // guard, as zlib (left in place)
        var blFreq = bitLengthTree.Freq;
        for (int n = 0; n <= maxCode; n++)
        {
            int curLen = nextLen;
            nextLen = len[n + 1];
            if (++count < maxCount && curLen == nextLen)
            {
                continue;
            }
            else if (count < minCount)
            {
                blFreq[curLen] += count;
            }
            else if (curLen != 0)
            {
                if (curLen != prevLen)
                {
                    blFreq[curLen]++;
                }

                blFreq[16]++;
            }
            else if (count <= 10)
            {
                blFreq[17]++;
            }
            else
            {
                blFreq[18]++;
            }

            count = 0;
            prevLen = curLen;
            (maxCount, minCount) = nextLen == 0 ? (138, 3) : curLen == nextLen ? (6, 3) : (7, 4);
        }
    }
}
