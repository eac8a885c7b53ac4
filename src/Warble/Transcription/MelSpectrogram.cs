using Warble.Audio;

namespace Warble.Transcription;

/// <summary>A whole file's log-mel spectrogram [n_mels, frames], 30 s of padding included, read window by window.</summary>
internal sealed class MelSpectrogram(float[] values, int nMels) : IMelWindowSource
{
    public int NMels => nMels;

    /// <summary>All frames, padding included.</summary>
    public int Frames => values.Length / nMels;

    public int ContentFrames => Frames - WhisperLogMel.NFrames;

    public void ReadWindow(int seek, int segmentSize, Span<float> destination)
    {
        int frames = Frames, take = Math.Clamp(Math.Min(segmentSize, frames - seek), 0, WhisperLogMel.NFrames);
        destination[..(nMels * WhisperLogMel.NFrames)].Clear();
        for (int m = 0; m < nMels; m++)
        {
            values.AsSpan((m * frames) + seek, take).CopyTo(destination.Slice(m * WhisperLogMel.NFrames, take));
        }
    }

    public void ReadFirstFrames(Span<float> destination) => ReadWindow(0, WhisperLogMel.NFrames, destination);
}
