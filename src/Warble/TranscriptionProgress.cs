namespace Warble;

/// <summary>How far a transcription has come: seconds of audio done out of the total.</summary>
public readonly record struct TranscriptionProgress(double Seconds, double TotalSeconds);
