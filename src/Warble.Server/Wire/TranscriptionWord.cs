namespace Warble.Server.Wire;

/// <summary>One word of <see cref="TranscriptionVerboseJson"/>: the word without its leading space, start and end in seconds.</summary>
internal sealed record TranscriptionWord(string Word, double Start, double End);
