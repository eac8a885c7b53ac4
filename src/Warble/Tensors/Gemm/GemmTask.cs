namespace Warble.Tensors.Gemm;

/// <summary>
/// One packed matrix product C[m, n] (+)= A[m, k] · B, where B is either f32 [k, n] row-major (<see cref="B"/>) or a
/// weight matrix [n, k] used transposed (<see cref="Weights"/>).
/// </summary>
internal unsafe struct GemmTask
{
    public float* A;
    public nint Lda;
    public float* B;
    public nint Ldb;
    public WeightMatrix Weights;
    public byte* W;
    public float* C;
    public nint Ldc;
    public float* Bias;
    public int M;
    public int N;
    public int K;
    public bool Accumulate;
    public GemmPath Path;

    /// <summary>Applied to C once its last k-slice is added (<see cref="ActivationEpilogue"/>).</summary>
    public Activation Activation;

    /// <summary>q8_0 weights in a GEMV: the rows of A quantised to q8_0 blocks (see <see cref="Gemv"/>), rows of K/32 blocks.</summary>
    public byte* AQ8;

    /// <summary>The values of <see cref="AQ8"/> widened to shorts, rows of K (the one-row Vector512 kernel's operand).</summary>
    public short* AWide;

    /// <summary>The f16 scales of <see cref="AQ8"/>'s blocks as floats, rows of K/32.</summary>
    public float* AScales;

    /// <summary>
    /// f16 weights in a one-row product that <see cref="RowDecoders.F16Rebiased"/> reads: the weights'
    /// <see cref="HalfProfile.ZeroExponentRowStarts"/>; null where that kernel does not apply.
    /// </summary>
    public int* ZeroExponentRowStarts;

    /// <summary>With <see cref="ZeroExponentRowStarts"/>: <see cref="HalfProfile.ZeroExponentColumns"/>.</summary>
    public int* ZeroExponentColumns;

    /// <summary>With <see cref="ZeroExponentRowStarts"/>: <see cref="HalfProfile.ZeroExponentRows"/>.</summary>
    public int* ZeroExponentRows;

    /// <summary>With <see cref="ZeroExponentRowStarts"/>: <see cref="HalfProfile.ZeroExponentCorrections"/>.</summary>
    public float* ZeroExponentCorrections;

    /// <summary>
    /// Seven or eight rows of A on the Vector512 streamed path, six to eight on Vector256: their first K &amp; ~15 columns
    /// as [K / 16, M, 16], packed once per product for every pool thread (<see cref="Gemv"/>'s pair and wide passes); null
    /// otherwise.
    /// </summary>
    public float* APacked;

    /// <summary>
    /// Two to eight rows of A with <see cref="ZeroExponentRowStarts"/>: A by columns, eight floats a column (rows past M
    /// zero), so each zero-exponent weight's correction for every row is one vector; null otherwise.
    /// </summary>
    public float* AColumns;

    /// <summary>Whether B comes from <see cref="Weights"/> (transposed) rather than <see cref="B"/>.</summary>
    public readonly bool Transposed => B == null;
}
