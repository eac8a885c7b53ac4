namespace Warble.Transcription;

/// <summary>Features already in memory, [feat_in, frames] row-major (short recordings and the stage commands).</summary>
internal sealed class FeatureArray(float[] values, int featIn, int frames, int length) : IFeatureSource
{
    public int Frames => frames;

    public int Length => length;

    public float[] Values => values;

    public void Read(int start, int count, Span<float> destination)
    {
        for (int f = 0; f < featIn; f++)
        {
            values.AsSpan((f * frames) + start, count).CopyTo(destination.Slice(f * count, count));
        }
    }

    public void Dispose()
    {
    }
}
