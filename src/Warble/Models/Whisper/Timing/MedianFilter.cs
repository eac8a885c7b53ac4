namespace Warble.Models.Whisper.Timing;

/// <summary>
/// openai-whisper's <c>timing.median_filter</c> along the last dimension: reflect padding of
/// width / 2, then the middle of each sorted window (NaN sorts last, as <c>torch.sort</c>).
/// Rows no longer than width / 2 are left unchanged.
/// </summary>
internal static class MedianFilter
{
    /// <summary>Filters every row of <paramref name="x"/> ([rows, columns]) in place.</summary>
    public static void Apply(Span<float> x, int columns, int filterWidth)
    {
        if (filterWidth <= 0 || filterWidth % 2 == 0)
        {
            throw new ArgumentException("`filter_width` should be an odd number", nameof(filterWidth));
        }

        int pad = filterWidth / 2;
        if (columns <= pad)
        {
            return;
        }

        var padded = new float[columns + (2 * pad)];
        var window = new float[filterWidth];
        for (int offset = 0; offset + columns <= x.Length; offset += columns)
        {
            var row = x.Slice(offset, columns);
            for (int i = 0; i < padded.Length; i++)
            {
                int source = i - pad;
                source = source < 0 ? -source : source >= columns ? (2 * (columns - 1)) - source : source;
                padded[i] = row[source];
            }

            for (int c = 0; c < columns; c++)
            {
                padded.AsSpan(c, filterWidth).CopyTo(window);
                SortNaNLast(window);
                row[c] = window[pad];
            }
        }
    }

    private static void SortNaNLast(Span<float> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            float v = values[i];
            int j = i;
            while (j > 0 && Greater(values[j - 1], v))
            {
                values[j] = values[j - 1];
                j--;
            }

            values[j] = v;
        }
    }

    private static bool Greater(float a, float b) => float.IsNaN(a) ? !float.IsNaN(b) : a > b;
}
