namespace Warble.Tests.Support;

/// <summary>Comparisons of token sequences.</summary>
internal static class Sequences
{
    /// <summary>Levenshtein distance (insertions, deletions, substitutions) between two sequences.</summary>
    public static int EditDistance(int[] a, int[] b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
