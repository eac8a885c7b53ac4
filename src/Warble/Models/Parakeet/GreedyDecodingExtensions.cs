namespace Warble.Models.Parakeet;

/// <summary>One-piece decoding with any <see cref="IGreedyDecoding"/>.</summary>
internal static class GreedyDecodingExtensions
{
    /// <summary>Decodes encoder output [frames, d_model] over its first <paramref name="length"/> frames, in one piece.</summary>
    public static ParakeetHypothesis Decode(this IGreedyDecoding decoding, ReadOnlySpan<float> encoder, int frames, int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, frames);
        decoding.Accept(encoder, length, final: true);
        return decoding.ToHypothesis();
    }
}
