using Warble.Models.Whisper;

namespace Warble.Formats;

/// <summary>The part of a whisper.cpp file before its tensors.</summary>
internal sealed record GgmlWhisperHeader(WhisperDimensions Dims, int FType, MelFilters MelFilters, IReadOnlyList<byte[]> Vocabulary, long TensorsOffset);
