namespace Warble.Audio;

/// <summary>The sample layout a WAV <c>fmt </c> chunk describes, after validation.</summary>
/// <param name="IsFloat">IEEE float samples (format tag 3, or the float subformat of WAVE_FORMAT_EXTENSIBLE).</param>
/// <param name="Channels">Interleaved channels per frame (at least 1).</param>
/// <param name="SampleRate">Frames per second (at least 1).</param>
/// <param name="BytesPerSample">Container width of one sample: 1, 2, 3 or 4 bytes for PCM, 4 or 8 for float.</param>
internal sealed record WavFormat(bool IsFloat, int Channels, int SampleRate, int BytesPerSample)
{
    /// <summary>Bytes per interleaved frame.</summary>
    public int BlockAlign => Channels * BytesPerSample;
}
