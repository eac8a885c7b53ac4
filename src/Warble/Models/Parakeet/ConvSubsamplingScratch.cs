namespace Warble.Models.Parakeet;

/// <summary>The buffers of <see cref="ConvSubsampling"/>, grown to the largest input seen and then reused.</summary>
internal sealed class ConvSubsamplingScratch
{
    /// <summary>The features as a [frames, feat_in] image.</summary>
    public float[] Image = [];

    /// <summary>The first conv's output; then each stage's pointwise output.</summary>
    public float[] Output = [];

    public float[] Depthwise = [];

    public float[] Flat = [];

    /// <summary>Returns <paramref name="buffer"/>, replaced by a larger one first when it holds fewer than <paramref name="size"/> values.</summary>
    public static float[] Grow(ref float[] buffer, int size)
    {
        if (buffer.Length < size)
        {
            buffer = new float[size];
        }

        return buffer;
    }
}
