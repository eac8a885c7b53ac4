using Warble.Audio;

namespace Warble.Transcription;

/// <summary>
/// A recording's Parakeet features as NeMo's preprocessor makes them for the whole utterance (normalised with the
/// mean and deviation of all its valid frames), built as the audio is read and kept in a <see cref="FrameSpool"/>:
/// the statistics are only known at the end, so frames are stored raw and each window is normalised as it is read.
/// </summary>
internal sealed class FeatureSpool : IFeatureSource
{
    private const double StdEpsilon = 1e-5;

    private readonly FrameSpool frames;
    private readonly double[] mean, std;
    private readonly float padValue;
    private float[] scratch = [];

    private FeatureSpool(FrameSpool frames, int paddedFrames, int length, double[] mean, double[] std, float padValue)
    {
        this.frames = frames;
        Frames = paddedFrames;
        Length = length;
        this.mean = mean;
        this.std = std;
        this.padValue = padValue;
    }

    public int Frames { get; }

    public int Length { get; }

    /// <summary>Reads <paramref name="audio"/> to its end through the preprocessor into a spool.</summary>
    /// <param name="memoryFrames">Frames kept in memory before the spool moves to disk.</param>
    public static FeatureSpool Read(AudioInput audio, NemoFilterbank preprocessor, CancellationToken cancellationToken, int memoryFrames = FrameSpool.MemoryFrames)
    {
        var spool = new FrameSpool(preprocessor.Features, memoryFrames);
        try
        {
            var stream = new NemoFeatureFrames(preprocessor);
            foreach (ReadOnlyMemory<float> block in AudioSamples.Blocks(audio, cancellationToken))
            {
                stream.Push(block.Span, spool);
            }

            stream.Finish(spool);
            cancellationToken.ThrowIfCancellationRequested();
            int length = preprocessor.SeqLen(checked((int)Math.Min(stream.Samples, int.MaxValue)));
            (double[] mean, double[] std) = Statistics(spool, length, preprocessor.Normalization);
            return new FeatureSpool(spool, preprocessor.PaddedFrames(stream.Samples), length, mean, std, preprocessor.PadValue);
        }
        catch
        {
            spool.Dispose();
            throw;
        }
    }

    public void Read(int start, int count, Span<float> destination)
    {
        int width = frames.Width, stored = Math.Clamp(Math.Min(Length, frames.Count) - start, 0, count);
        if (scratch.Length < stored * width)
        {
            scratch = new float[stored * width];
        }

        frames.Read(start, stored, scratch.AsSpan(0, stored * width));
        for (int f = 0; f < width; f++)
        {
            Span<float> row = destination.Slice(f * count, count);
            for (int t = 0; t < stored; t++)
            {
                row[t] = (float)((scratch[(t * width) + f] - mean[f]) / std[f]);
            }

            row[stored..].Fill(padValue);
        }
    }

    public void Dispose() => frames.Dispose();

    /// <summary>
    /// NeMo's <c>normalize_batch</c> statistics over the valid frames, in two passes over the spool as NeMo's mean then
    /// deviation (n − 1 in the deviation, + 1e−5 on it); one valid frame has no spread. No normalisation: mean 0, std 1.
    /// </summary>
    private static (double[] Mean, double[] Std) Statistics(FrameSpool spool, int length, string normalization)
    {
        int width = spool.Width;
        var mean = new double[width];
        var std = new double[width];
        if (normalization == "" || length <= 0)
        {
            Array.Fill(std, 1.0);
            return (mean, std);
        }

        bool perFeature = normalization == "per_feature";
        var block = new float[1024 * width];
        var squares = new double[width];
        for (int pass = 0; pass < 2; pass++)
        {
            for (int start = 0; start < length; start += 1024)
            {
                int count = Math.Min(1024, length - start);
                spool.Read(start, count, block.AsSpan(0, count * width));
                for (int t = 0; t < count; t++)
                {
                    for (int f = 0; f < width; f++)
                    {
                        double v = block[(t * width) + f];
                        int g = perFeature ? f : 0;
                        if (pass == 0)
                        {
                            mean[g] += v;
                        }
                        else
                        {
                            squares[g] += (v - mean[g]) * (v - mean[g]);
                        }
                    }
                }
            }

            if (pass == 0)
            {
                double n = perFeature ? length : (double)length * width;
                for (int g = 0; g < (perFeature ? width : 1); g++)
                {
                    mean[g] /= n;
                }
            }
        }

        double count2 = perFeature ? length : (double)length * width;
        for (int g = 0; g < (perFeature ? width : 1); g++)
        {
            std[g] = (count2 > 1 ? Math.Sqrt(squares[g] / (count2 - 1)) : 0) + StdEpsilon;
        }

        if (!perFeature)
        {
            Array.Fill(mean, mean[0]);
            Array.Fill(std, std[0]);
        }

        return (mean, std);
    }
}
