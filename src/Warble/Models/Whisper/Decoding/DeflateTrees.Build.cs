namespace Warble.Models.Whisper.Decoding;

/// <summary>Huffman tree construction of zlib's <c>trees.c</c>, for code lengths only.</summary>
internal sealed partial class DeflateTrees
{
    private void BuildTree(Tree tree)
    {
        var freq = tree.Freq;
        int elems = tree.Elems;
        int maxCode = -1;
        int heapLen = 0;
        int heapMax = HeapSize;
        for (int n = 0; n < elems; n++)
        {
            if (freq[n] != 0)
            {
                heap[++heapLen] = maxCode = n;
                depth[n] = 0;
            }
            else
            {
                tree.Len[n] = 0;
            }
        }

        // force at least two codes of non-zero frequency
        while (heapLen < 2)
        {
            int node = heap[++heapLen] = maxCode < 2 ? ++maxCode : 0;
            freq[node] = 1;
            depth[node] = 0;
            optLen--;
            if (tree.StaticLen is { } stree)
            {
                staticLen -= stree[node];
            }
        }

        tree.MaxCode = maxCode;
        for (int n = heapLen / 2; n >= 1; n--)
        {
            PqDownHeap(freq, heapLen, n);
        }

        int next = elems;
        do
        {
            int n = heap[1];
            heap[1] = heap[heapLen--];
            PqDownHeap(freq, heapLen, 1);
            int m = heap[1];
            heap[--heapMax] = n;
            heap[--heapMax] = m;
            freq[next] = freq[n] + freq[m];
            depth[next] = Math.Max(depth[n], depth[m]) + 1;
            tree.Dad[n] = tree.Dad[m] = next;
            heap[1] = next++;
            PqDownHeap(freq, heapLen, 1);
        }
        while (heapLen >= 2);

        heap[--heapMax] = heap[1];
        GenBitLen(tree, heapMax);
    }

    private bool Smaller(int[] freq, int n, int m) => freq[n] < freq[m] || (freq[n] == freq[m] && depth[n] <= depth[m]);

    private void PqDownHeap(int[] freq, int heapLen, int k)
    {
        int v = heap[k];
        int j = k << 1;
        while (j <= heapLen)
        {
            if (j < heapLen && Smaller(freq, heap[j + 1], heap[j]))
            {
                j++;
            }

            if (Smaller(freq, v, heap[j]))
            {
                break;
            }

            heap[k] = heap[j];
            k = j;
            j <<= 1;
        }

        heap[k] = v;
    }

    private void GenBitLen(Tree tree, int heapMax)
    {
        var freq = tree.Freq;
        var len = tree.Len;
        int maxCode = tree.MaxCode;
        int maxLength = tree.MaxLength;
        int overflow = 0;
        Array.Clear(blCount);
        len[heap[heapMax]] = 0; // root of the heap
        int h;
        for (h = heapMax + 1; h < HeapSize; h++)
        {
            int n = heap[h];
            int bits = len[tree.Dad[n]] + 1;
            if (bits > maxLength)
            {
                bits = maxLength;
                overflow++;
            }

            len[n] = bits;
            if (n > maxCode)
            {
                continue; // not a leaf node
            }

            blCount[bits]++;
            int xbits = n >= tree.ExtraBase ? tree.ExtraBits[n - tree.ExtraBase] : 0;
            optLen += (long)freq[n] * (bits + xbits);
            if (tree.StaticLen is { } stree)
            {
                staticLen += (long)freq[n] * (stree[n] + xbits);
            }
        }

        if (overflow == 0)
        {
            return;
        }

        do
        {
            int bits = maxLength - 1;
            while (blCount[bits] == 0)
            {
                bits--;
            }

            blCount[bits]--;
            blCount[bits + 1] += 2;
            blCount[maxLength]--;
            overflow -= 2;
        }
        while (overflow > 0);

        for (int bits = maxLength; bits != 0; bits--)
        {
            int n = blCount[bits];
            while (n != 0)
            {
                int m = heap[--h];
                if (m > maxCode)
                {
                    continue;
                }

                if (len[m] != bits)
                {
                    optLen += ((long)bits - len[m]) * freq[m];
                    len[m] = bits;
                }

                n--;
            }
        }
    }

    private static int[] BuildStaticLiteralLengths()
    {
        var lengths = new int[LCodes + 2];
        for (int n = 0; n < lengths.Length; n++)
        {
            lengths[n] = n <= 143 ? 8 : n <= 255 ? 9 : n <= 279 ? 7 : 8;
        }

        return lengths;
    }

    private static int[] BuildLengthCode()
    {
        var lengthCode = new int[256];
        int length = 0;
        int code;
        for (code = 0; code < 28; code++)
        {
            for (int n = 0; n < (1 << ExtraLBits[code]); n++)
            {
                lengthCode[length++] = code;
            }
        }

        lengthCode[length - 1] = code; // length 258 uses code 285
        return lengthCode;
    }

    private static int[] BuildBaseDist()
    {
        var baseDist = new int[DCodes];
        int dist = 0;
        for (int code = 0; code < DCodes; code++)
        {
            baseDist[code] = dist;
            dist += 1 << ExtraDBits[code];
        }

        return baseDist;
    }

    private sealed class Tree(int elems, int[] extraBits, int extraBase, int maxLength, int[]? staticLen)
    {
        public int Elems { get; } = elems;

        public int[] ExtraBits { get; } = extraBits;

        public int ExtraBase { get; } = extraBase;

        public int MaxLength { get; } = maxLength;

        public int[]? StaticLen { get; } = staticLen;

        public int[] Freq { get; } = new int[HeapSize];

        public int[] Len { get; } = new int[HeapSize];

        public int[] Dad { get; } = new int[HeapSize];

        public int MaxCode { get; set; }
    }
}
