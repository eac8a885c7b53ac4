using System.Text;

namespace Warble.Models.Whisper.Decoding;

/// <summary>
/// openai-whisper's <c>utils.compression_ratio</c>: UTF-8 length over the length of
/// <c>zlib.compress(bytes)</c>. .NET's ZLibStream (zlib-ng) emits different lengths than the
/// classic zlib CPython links (e.g. 183 vs 180 bytes on a golden text), which would change the
/// 2.4 fallback decisions, so the length is computed by <see cref="ZlibDeflateSize"/>.
/// </summary>
internal static class CompressionRatio
{
    /// <summary>len(text.encode("utf-8")) / len(zlib.compress(...)).</summary>
    public static double Compute(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        return (double)bytes.Length / ZlibDeflateSize.Compress(bytes);
    }
}
