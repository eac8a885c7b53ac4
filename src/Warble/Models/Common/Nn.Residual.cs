using Warble.Tensors.Parallel;
using Kernels = Warble.Tensors.Kernels;

namespace Warble.Models.Common;

/// <summary>The pre-norm residual stream: row-wise passes shared out over the pool once there are enough rows.</summary>
internal static partial class Nn
{
    /// <summary>Rows per pool index; fewer than two chunks run on the calling thread (a decode step's single row).</summary>
    private const int RowChunk = 16;

    /// <summary>LayerNorm over the last dimension of [rows, d]; <paramref name="y"/> may be <paramref name="x"/>.</summary>
    public static void LayerNorm(ReadOnlySpan<float> x, int rows, LayerNormWeights norm, Span<float> y) =>
        ResidualPass(x, [], 0f, rows, norm, y);

    /// <summary>
    /// The residual connection and the next sub-layer's LayerNorm in one pass: x += scale · term (<see cref="Add"/>
    /// for scale 1, <see cref="AddScaled"/> otherwise, row by row), then normed = LayerNorm(x);
    /// <paramref name="normed"/> may be <paramref name="x"/>.
    /// </summary>
    public static void AddAndNormalize(Span<float> x, ReadOnlySpan<float> term, float scale, int rows, LayerNormWeights norm, Span<float> normed)
    {
        if (term.Length < rows * norm.Weight.Length)
        {
            throw new ArgumentException($"residual term of {term.Length} values is shorter than {rows} rows of {norm.Weight.Length}");
        }

        ResidualPass(x, term, scale, rows, norm, normed);
    }

    private static unsafe void ResidualPass(ReadOnlySpan<float> x, ReadOnlySpan<float> term, float scale, int rows, LayerNormWeights norm, Span<float> y)
    {
        int n = rows * norm.Weight.Length;
        fixed (float* px = x[..n], pt = term, py = y[..n])
        {
            var pass = new RowPass(px, term.IsEmpty ? null : pt, scale, py, norm, rows);
            int chunks = (rows + RowChunk - 1) / RowChunk;
            if (chunks < 2)
            {
                pass.Invoke(0);
            }
            else
            {
                WorkerPool.Current.For(chunks, pass);
            }
        }
    }

    /// <summary>One chunk of rows: the optional residual add, then the LayerNorm.</summary>
    private readonly unsafe struct RowPass(float* x, float* term, float scale, float* y, LayerNormWeights norm, int rows) : IRangeAction
    {
        public void Invoke(int index)
        {
            int d = norm.Weight.Length, r0 = index * RowChunk, count = Math.Min(rows, r0 + RowChunk) - r0;
            var xs = new Span<float>(x + ((long)r0 * d), count * d);
            if (term != null)
            {
                var ts = new ReadOnlySpan<float>(term + ((long)r0 * d), count * d);
                if (scale == 1f)
                {
                    Add(xs, ts);
                }
                else
                {
                    AddScaled(xs, ts, scale);
                }
            }

            Kernels.LayerNorm.Apply(xs, norm.Weight, norm.Bias, norm.Eps, new Span<float>(y + ((long)r0 * d), count * d));
        }
    }
}
