using System.Buffers;
using System.Numerics.Tensors;

namespace Warble.Audio;

/// <summary>
/// An <see cref="AudioInput"/> as the models consume it: 16 kHz mono blocks, read and resampled only as they are
/// asked for, every sample checked to be a finite number (a NaN would otherwise surface far away, as a wrong language
/// or garbage text).
/// </summary>
internal static class AudioSamples
{
    /// <summary>
    /// The audio as successive 16 kHz blocks. A block is valid until the next is asked for (the buffers are reused),
    /// so only about one block is ever held, whatever the length of the audio.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<float>> Blocks(AudioInput audio, CancellationToken cancellationToken)
    {
        using ISampleSource source = audio.Open();
        Resampler.CheckRate(source.SampleRate, audio.Name);
        long position = 0;
        foreach (ReadOnlyMemory<float> block in AudioLoader.ToSampleRate(source, AudioLoader.SampleRate, cancellationToken))
        {
            CheckFinite(block.Span, audio.Name, position);
            position += block.Length;
            yield return block;
        }
    }

    /// <summary>The whole audio at 16 kHz in one array (stages and short inputs; long audio goes through <see cref="Blocks"/>).</summary>
    public static float[] ReadAll(AudioInput audio, CancellationToken cancellationToken)
    {
        var all = new ArrayBufferWriter<float>();
        foreach (ReadOnlyMemory<float> block in Blocks(audio, cancellationToken))
        {
            block.Span.CopyTo(all.GetSpan(block.Length));
            all.Advance(block.Length);
        }

        return all.WrittenSpan.ToArray();
    }

    /// <summary>Fails with the position of the first NaN or infinity in <paramref name="block"/>.</summary>
    private static void CheckFinite(ReadOnlySpan<float> block, string name, long offset)
    {
        // A sum of finite samples is finite unless it overflows; only then (or on a real NaN/∞) is the block scanned.
        if (float.IsFinite(TensorPrimitives.Sum(block)))
        {
            return;
        }

        for (int i = 0; i < block.Length; i++)
        {
            if (!float.IsFinite(block[i]))
            {
                throw new AudioFormatException($"{name}: sample {offset + i} ({(offset + i) / (double)AudioLoader.SampleRate:F3} s) is {block[i]}, not a number the models can use");
            }
        }
    }
}
