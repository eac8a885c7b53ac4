namespace Warble.Models.Whisper;

/// <summary>The dimensions of the released Whisper checkpoints, as in their <c>dims</c> dictionaries.</summary>
internal static class WhisperSizes
{
    public static readonly IReadOnlyDictionary<string, WhisperDimensions> All = new Dictionary<string, WhisperDimensions>
    {
        ["tiny"] = new(80, 1500, 384, 6, 4, 51865, 448, 384, 6, 4),
        ["base"] = new(80, 1500, 512, 8, 6, 51865, 448, 512, 8, 6),
        ["small"] = new(80, 1500, 768, 12, 12, 51865, 448, 768, 12, 12),
        ["medium"] = new(80, 1500, 1024, 16, 24, 51865, 448, 1024, 16, 24),
        ["large-v3"] = new(128, 1500, 1280, 20, 32, 51866, 448, 1280, 20, 32),
        ["large-v3-turbo"] = new(128, 1500, 1280, 20, 32, 51866, 448, 1280, 20, 4),
    };
}
