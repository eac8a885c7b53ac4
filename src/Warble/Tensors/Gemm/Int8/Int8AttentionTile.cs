using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Warble.Tensors.Gemm.Int8;

/// <summary>
/// One thread's working set for <see cref="Int8Gemm.Mr"/> queries of <see cref="Int8Attention"/>, in its
/// <see cref="GemmScratch.Get"/> buffer: the queries as shifted unsigned rows, their scores and largest scores, their
/// relative-position scores where there are any (<see cref="AddShiftedPositionScores"/>), their probabilities as unsigned
/// rows, and the register tile's int32 sums. Rows past the valid ones hold zeros once shifted back, so the register tile
/// can always run all six.
/// </summary>
internal readonly unsafe struct Int8AttentionTile
{
    private readonly int* sums;
    private readonly Vector256<float>* maxima;
    private readonly float* queryScales;
    private readonly float* largest;
    private readonly float* probabilityScales;
    private readonly float* band;
    private readonly nint bandLds;
    private readonly byte* queries;
    private readonly byte* probabilities;
    private readonly nint queryBytes;
    private readonly nint probabilityBytes;

    /// <param name="keyGroups">Groups of four dims per query (the keys' depth).</param>
    /// <param name="lds">Floats per row of <see cref="TileScores"/> (0 when the scores go to the caller): whole key panels.</param>
    /// <param name="valueGroups">Groups of four keys per probability row (0 without values).</param>
    /// <param name="bandLds">Floats per row of position scores (0 without positions): <see cref="BandLds"/>.</param>
    public Int8AttentionTile(int keyGroups, int lds, int valueGroups, int bandLds)
    {
        const int Mr = Int8Gemm.Mr;
        int floats = (Mr * Int8Gemm.Nr) + (Mr * 8) + (3 * Mr) + (Mr * keyGroups) + (Mr * valueGroups) + (Mr * (lds + bandLds)) + 32;
        float* memory = GemmScratch.Get(floats);
        sums = (int*)memory;
        maxima = (Vector256<float>*)(sums + (Mr * Int8Gemm.Nr));
        queryScales = (float*)(maxima + Mr);
        largest = queryScales + Mr;
        probabilityScales = largest + Mr;
        TileScores = (float*)(((nint)(probabilityScales + Mr) + 63) & ~(nint)63);
        Lds = lds;
        band = TileScores + (Mr * lds);
        this.bandLds = bandLds;
        queries = (byte*)(band + (Mr * bandLds));
        queryBytes = keyGroups * 4;
        probabilities = queries + (Mr * queryBytes);
        probabilityBytes = valueGroups * 4;
    }

    /// <summary>
    /// Floats per row of position scores for <paramref name="tk"/> keys: a tile's rows read tk + <see cref="Int8Gemm.Mr"/>
    /// − 1 columns between them, which may straddle one more panel than they fill.
    /// </summary>
    public static int BandLds(int tk) => (((tk + Int8Gemm.Mr + Int8Gemm.Nr - 3) / Int8Gemm.Nr) + 1) * Int8Gemm.Nr;

    /// <summary>The six rows of scores when <see cref="Int8Attention.Attend"/> keeps them here, <see cref="Lds"/> apart.</summary>
    public float* TileScores { get; }

    public nint Lds { get; }

    /// <summary>Quantises the <paramref name="valid"/> query rows at <paramref name="q"/> (<paramref name="ldq"/> apart).</summary>
    public void QuantizeQueries(float* q, nint ldq, int valid, int headDim) =>
        Int8QuantizeRows.QuantizeTile(q, ldq, valid, headDim, queries, queryBytes, queryScales);

    /// <summary>
    /// The valid rows' scores against every key panel of head <paramref name="h"/> into <paramref name="scores"/>
    /// (<paramref name="ldc"/> apart, whole panels), with each row's largest score over the first <paramref name="tk"/>
    /// keys found on the way.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Scores(int valid, int tk, in Int8Keys keys, int h, float* scores, nint ldc)
    {
        var lowest = Vector256.Create(float.NegativeInfinity);
        for (int r = 0; r < valid; r++)
        {
            maxima[r] = lowest;
        }

        float* keyScales = keys.Scales(h);
        int* offsets = keys.Offsets(h);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        for (int p = 0; p < keys.Panels; p++)
        {
            Int8MicroKernel.Run(queries, queryBytes, keys.Panel(h, p), keys.Groups, sums);
            int j0 = p * Int8Gemm.Nr;
            Vector256<float> scale0 = Vector256.Load(keyScales + j0), scale1 = Vector256.Load(keyScales + j0 + 8);
            Vector256<int> offset0 = Vector256.Load(offsets + j0), offset1 = Vector256.Load(offsets + j0 + 8);
            bool partial = j0 + Int8Gemm.Nr > tk;
            Vector256<float> keep0 = default, keep1 = default;
            if (partial)
            {
                keep0 = Vector256.LessThan(lanes, Vector256.Create(tk - j0)).AsSingle();
                keep1 = Vector256.LessThan(lanes, Vector256.Create(tk - j0 - 8)).AsSingle();
            }
            for (int r = 0; r < valid; r++)
            {
                float* c = scores + (r * ldc) + j0;
                Vector256<float> s0 = Vector256.ConvertToSingle(Vector256.Load(sums + (r * Int8Gemm.Nr)) - offset0) * (scale0 * queryScales[r]);
                Vector256<float> s1 = Vector256.ConvertToSingle(Vector256.Load(sums + (r * Int8Gemm.Nr) + 8) - offset1) * (scale1 * queryScales[r]);
                s0.Store(c);
                s1.Store(c + 8);
                if (partial)
                {
                    // Keys past T_k score 0, which must not stand in for a row whose real scores are all negative.
                    s0 = Vector256.ConditionalSelect(keep0, s0, lowest);
                    s1 = Vector256.ConditionalSelect(keep1, s1, lowest);
                }

                maxima[r] = Vector256.MaxNative(maxima[r], Vector256.MaxNative(s0, s1));
            }
        }

        for (int r = 0; r < valid; r++)
        {
            largest[r] = Int8Attention.HorizontalMax(maxima[r]);
        }
    }

    /// <summary>
    /// Adds to the valid rows of <see cref="TileScores"/> the scores of the queries quantised last against head
    /// <paramref name="h"/>'s <paramref name="positions"/>, shifted: row r's key j takes position column
    /// <paramref name="firstColumn"/> − r + j (NeMo's rel_shift), for j &lt; <paramref name="tk"/>. Only the panels that
    /// band touches are multiplied. Each row's largest sum replaces the one <see cref="Scores"/> found.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddShiftedPositionScores(int valid, int tk, in Int8Keys positions, int h, int firstColumn)
    {
        int firstPanel = (firstColumn - valid + 1) / Int8Gemm.Nr, lastPanel = (firstColumn + tk - 1) / Int8Gemm.Nr;
        if (firstColumn < valid - 1 || lastPanel >= positions.Panels || (lastPanel - firstPanel + 1) * Int8Gemm.Nr > bandLds)
        {
            Kernels.ThrowHelper.ThrowArgument($"position band from column {firstColumn} over {tk} keys is outside the positions or the tile");
        }

        float* scales = positions.Scales(h);
        int* offsets = positions.Offsets(h);
        for (int p = firstPanel; p <= lastPanel; p++)
        {
            Int8MicroKernel.Run(queries, queryBytes, positions.Panel(h, p), positions.Groups, sums);
            int j0 = p * Int8Gemm.Nr;
            Vector256<float> scale0 = Vector256.Load(scales + j0), scale1 = Vector256.Load(scales + j0 + 8);
            Vector256<int> offset0 = Vector256.Load(offsets + j0), offset1 = Vector256.Load(offsets + j0 + 8);
            for (int r = 0; r < valid; r++)
            {
                float* c = band + (r * bandLds) + ((p - firstPanel) * Int8Gemm.Nr);
                (Vector256.ConvertToSingle(Vector256.Load(sums + (r * Int8Gemm.Nr)) - offset0) * (scale0 * queryScales[r])).Store(c);
                (Vector256.ConvertToSingle(Vector256.Load(sums + (r * Int8Gemm.Nr) + 8) - offset1) * (scale1 * queryScales[r])).Store(c + 8);
            }
        }

        for (int r = 0; r < valid; r++)
        {
            largest[r] = AddRow(TileScores + (r * Lds), band + (r * bandLds) + firstColumn - r - (firstPanel * Int8Gemm.Nr), tk);
        }
    }

    /// <summary>s[j] += b[j] for j &lt; k; returns the largest sum.</summary>
    private static float AddRow(float* s, float* b, int k)
    {
        Vector256<float> max = Vector256.Create(float.NegativeInfinity);
        int j = 0;
        for (; j <= k - 8; j += 8)
        {
            Vector256<float> sum = Vector256.Load(s + j) + Vector256.Load(b + j);
            sum.Store(s + j);
            max = Vector256.MaxNative(max, sum);
        }

        float largest = Int8Attention.HorizontalMax(max);
        for (; j < k; j++)
        {
            s[j] += b[j];
            largest = Math.Max(largest, s[j]);
        }

        return largest;
    }

    /// <summary>
    /// output[r, c] = Σ_j p[r, j] · v[j, c] for the valid rows, p the softmax of <paramref name="scale"/> times the rows of
    /// <see cref="TileScores"/> over <paramref name="tk"/> keys, as bytes (<see cref="Int8Attention.QuantizeSoftmax"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WeightedValues(int valid, int tk, float scale, in Int8Values values, int h, int headDim, float* output, nint ldo)
    {
        for (int r = 0; r < Int8Gemm.Mr; r++)
        {
            byte* row = probabilities + (r * probabilityBytes);
            if (r < valid)
            {
                probabilityScales[r] = Int8Attention.QuantizeSoftmax(TileScores + (r * Lds), tk, largest[r], scale, row);
            }
            else
            {
                new Span<byte>(row, (int)probabilityBytes).Clear();
            }
        }

        float* scales = values.Scales(h);
        for (int p = 0; p < values.Panels; p++)
        {
            Int8MicroKernel.Run(probabilities, probabilityBytes, values.Panel(h, p), values.Groups, sums);
            int c0 = p * Int8Gemm.Nr, channels = Math.Min(Int8Gemm.Nr, headDim - c0);
            for (int r = 0; r < valid; r++)
            {
                float* o = output + (r * ldo) + c0;
                int* rowSums = sums + (r * Int8Gemm.Nr);
                float s = probabilityScales[r];
                if (channels == Int8Gemm.Nr)
                {
                    for (int v = 0; v < Int8Gemm.Nr; v += 8)
                    {
                        (Vector256.ConvertToSingle(Vector256.Load(rowSums + v)) * (Vector256.Load(scales + c0 + v) * s)).Store(o + v);
                    }
                }
                else
                {
                    for (int c = 0; c < channels; c++)
                    {
                        o[c] = rowSums[c] * (scales[c0 + c] * s);
                    }
                }
            }
        }
    }
}
