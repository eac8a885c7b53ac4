using System.IO.Compression;

namespace Warble.Formats;

/// <summary>
/// Reads arrays from a NumPy <c>.npz</c> archive: a zip file whose entries are <c>NAME.npy</c> files
/// (stored or deflated), as written by <c>numpy.savez</c> / <c>savez_compressed</c>.
/// </summary>
internal static class NpzFile
{
    /// <summary>Reads the float32 array stored under <paramref name="arrayName"/> (without the .npy suffix).</summary>
    public static (float[] Data, int[] Shape) ReadFloat32(string path, string arrayName)
    {
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var entry = archive.GetEntry(arrayName + ".npy")
                ?? throw new ModelFormatException($"{path}: no array '{arrayName}' in the .npz archive");
            using var stream = entry.Open();
            return NpyFile.ReadFloat32(stream, $"{path}:{arrayName}");
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException($"{path}: not a valid .npz (zip) archive: {e.Message}", e);
        }
    }
}
