using Warble.Transcription;

namespace Warble.Server.Transcriptions;

/// <summary>What <see cref="TranscriptionService"/> returns: the library's result and the audio's length in seconds.</summary>
internal sealed record Transcript(TranscriptionResult Result, double Duration);
