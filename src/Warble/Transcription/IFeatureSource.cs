namespace Warble.Transcription;

/// <summary>
/// A whole recording's Parakeet features [feat_in, frames], normalised over the whole recording as NeMo's
/// preprocessor does, read a window of frames at a time.
/// </summary>
internal interface IFeatureSource : IDisposable
{
    /// <summary>Feature frames, the padded tail included.</summary>
    int Frames { get; }

    /// <summary>Valid frames (NeMo's <c>seq_len</c>).</summary>
    int Length { get; }

    /// <summary>Copies frames [start, start + count) into <paramref name="destination"/> as [feat_in, count].</summary>
    void Read(int start, int count, Span<float> destination);
}
