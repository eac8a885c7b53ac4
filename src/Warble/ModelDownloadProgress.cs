namespace Warble;

/// <summary>How far a model download has come.</summary>
/// <param name="Bytes">Bytes on disk so far, including those a resumed download already had.</param>
/// <param name="TotalBytes">The file's length, once the server has said it.</param>
public readonly record struct ModelDownloadProgress(long Bytes, long? TotalBytes);
