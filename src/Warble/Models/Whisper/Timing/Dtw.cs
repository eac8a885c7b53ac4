namespace Warble.Models.Whisper.Timing;

/// <summary>
/// openai-whisper's <c>dtw_cpu</c> and <c>backtrace</c>: dynamic time warping over a cost matrix
/// with a float32 cumulative cost (as the reference's <c>np.float32</c> arrays; the sum with the
/// float64 input is rounded to float32 on store) and ties resolved towards the left move.
/// </summary>
internal static class Dtw
{
    /// <summary>The path through <paramref name="x"/> ([n, m], float64) from (0, 0) to (n−1, m−1).</summary>
    /// <returns>the row (text) and column (time) index of every step.</returns>
    public static (int[] TextIndices, int[] TimeIndices) Compute(ReadOnlySpan<double> x, int n, int m)
    {
        int stride = m + 1;
        var cost = new float[(n + 1) * stride];
        var trace = new sbyte[(n + 1) * stride];
        cost.AsSpan().Fill(float.PositiveInfinity);
        trace.AsSpan().Fill(-1);
        cost[0] = 0;
        for (int j = 1; j <= m; j++)
        {
            for (int i = 1; i <= n; i++)
            {
                float c0 = cost[((i - 1) * stride) + j - 1];
                float c1 = cost[((i - 1) * stride) + j];
                float c2 = cost[(i * stride) + j - 1];
                float c;
                sbyte t;
                if (c0 < c1 && c0 < c2)
                {
                    (c, t) = (c0, 0);
                }
                else if (c1 < c0 && c1 < c2)
                {
                    (c, t) = (c1, 1);
                }
                else
                {
                    (c, t) = (c2, 2);
                }

                cost[(i * stride) + j] = (float)(x[((i - 1) * m) + j - 1] + c);
                trace[(i * stride) + j] = t;
            }
        }

        return Backtrace(trace, n, m);
    }

    private static (int[] TextIndices, int[] TimeIndices) Backtrace(sbyte[] trace, int n, int m)
    {
        int stride = m + 1;
        trace.AsSpan(0, stride).Fill(2);
        for (int i = 0; i <= n; i++)
        {
            trace[i * stride] = 1;
        }

        var path = new List<(int, int)>(n + m);
        int row = n;
        int column = m;
        while (row > 0 || column > 0)
        {
            path.Add((row - 1, column - 1));
            switch (trace[(row * stride) + column])
            {
                case 0:
                    row--;
                    column--;
                    break;
                case 1:
                    row--;
                    break;
                case 2:
                    column--;
                    break;
                default:
                    throw new InvalidOperationException("Unexpected trace[i, j]");
            }
        }

        path.Reverse();
        return ([.. path.Select(p => p.Item1)], [.. path.Select(p => p.Item2)]);
    }
}
