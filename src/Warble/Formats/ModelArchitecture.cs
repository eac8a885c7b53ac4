namespace Warble.Formats;

/// <summary>The model families Warble runs.</summary>
internal enum ModelArchitecture
{
    Whisper,
    Parakeet,
}
