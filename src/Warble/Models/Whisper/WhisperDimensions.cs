namespace Warble.Models.Whisper;

/// <summary>openai-whisper's <c>ModelDimensions</c>, field for field.</summary>
internal sealed record WhisperDimensions(
    int NMels, int NAudioCtx, int NAudioState, int NAudioHead, int NAudioLayer,
    int NVocab, int NTextCtx, int NTextState, int NTextHead, int NTextLayer);
