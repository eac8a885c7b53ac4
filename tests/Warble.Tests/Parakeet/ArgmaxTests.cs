using Warble.Models.Common;

namespace Warble.Tests.Parakeet;

/// <summary>The vectorized argmax gives the loop's answer: the first maximum, NaN never chosen over an earlier value.</summary>
public class ArgmaxTests
{
    [Fact]
    public void ArgmaxIsTheFirstMaximumAsTheLoopFindsIt()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 2000; trial++)
        {
            int n = random.Next(1, 9000);
            // Few distinct values, so maxima repeat; some rows get NaNs or signed zeros as their largest values.
            float[] x = [.. Enumerable.Range(0, n).Select(_ => -random.Next(0, 40) * 0.25f)];
            if (trial % 7 == 0)
            {
                x[random.Next(n)] = float.NaN;
            }

            if (trial % 5 == 0)
            {
                x[random.Next(n)] = -0f;
            }

            Assert.Equal(Loop(x), Nn.Argmax(x));
        }

        Assert.Equal(0, Nn.Argmax([]));
        Assert.Equal(1, Nn.Argmax([-1f, -0f, 0f]));
        Assert.Equal(0, Nn.Argmax([float.NaN, 2f, 3f]));
    }

    private static int Loop(ReadOnlySpan<float> x)
    {
        int best = 0;
        for (int i = 1; i < x.Length; i++)
        {
            if (x[i] > x[best])
            {
                best = i;
            }
        }

        return best;
    }
}
