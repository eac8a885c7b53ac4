using System.Text;

namespace Warble.Tests.Text;

/// <summary>Finds one member of an uncompressed tar (a .nemo file) by the end of its name: a tiny ustar walk for tests.</summary>
internal static class NemoArchiveMember
{
    public static byte[] Read(string tarPath, string nameSuffix)
    {
        var tar = File.ReadAllBytes(tarPath);
        for (var offset = 0; offset + 512 <= tar.Length;)
        {
            var header = tar.AsSpan(offset, 512);
            var name = Encoding.ASCII.GetString(header[..100]).TrimEnd('\0');
            if (name.Length == 0)
            {
                break;
            }

            var size = Convert.ToInt64(Encoding.ASCII.GetString(header.Slice(124, 12)).Trim('\0', ' '), 8);
            if (name.EndsWith(nameSuffix, StringComparison.Ordinal))
            {
                return tar.AsSpan(offset + 512, (int)size).ToArray();
            }

            offset += 512 + (int)((size + 511) / 512 * 512);
        }

        throw new FileNotFoundException($"No member ending in {nameSuffix} in {tarPath}.");
    }
}
