using Warble.Tensors.Gemm.Int8;

namespace Warble.Models.Parakeet;

/// <summary>
/// The head's products in int8, as Whisper's encoder attention (<c>Attention.Int8.cs</c>): its keys and position rows
/// per row (<see cref="Int8Keys"/>) and its values per channel (<see cref="Int8Values"/>), quantised once per call into
/// the head's scratch, then <see cref="Int8Attention.AttendRelPosition"/> over blocks of six queries.
/// </summary>
internal static partial class RelPositionAttention
{
    /// <summary>Floats of a head's scratch the int8 path uses past q + u and q + v, for <paramref name="n"/> valid frames.</summary>
    internal static long Int8Floats(int n, int dk)
    {
        int positions = Math.Max((2 * n) - 1, 0);
        long bytes = Int8Keys.Bytes(1, n, dk) + Int8Keys.Bytes(1, positions, dk) + Int8Values.Bytes(1, n, dk);
        return (2L * Int8Keys.Floats(1, n)) + (2L * Int8Keys.Floats(1, positions)) + Int8Values.Floats(1, dk) + ((bytes + 3) / 4);
    }

    private readonly partial struct HeadAction
    {
        private unsafe void HeadInt8(int h, Span<float> qu, Span<float> qv, Span<float> memory)
        {
            int n = valid, d = biasU.Length, positions = (2 * n) - 1, firstPosition = frames - n;
            if (memory.Length < Int8Floats(n, dk))
            {
                throw new ArgumentException($"attention scratch of {memory.Length} floats is too small for int8 over {n} frames");
            }

            fixed (float* pu = qu, pv = qv, m = memory, pk = k, pp = p, pValues = v, po = output)
            {
                float* keyScales = m, positionScales = keyScales + (2 * Int8Keys.Floats(1, n));
                float* valueScales = positionScales + (2 * Int8Keys.Floats(1, positions));
                byte* keyPanels = (byte*)(valueScales + Int8Values.Floats(1, dk)), positionPanels = keyPanels + Int8Keys.Bytes(1, n, dk);
                var keys = new Int8Keys(keyPanels, keyScales, (int*)(keyScales + Int8Keys.Floats(1, n)), 1, n, dk);
                var rows = new Int8Keys(positionPanels, positionScales, (int*)(positionScales + Int8Keys.Floats(1, positions)), 1, positions, dk);
                var values = new Int8Values(positionPanels + Int8Keys.Bytes(1, positions, dk), valueScales, 1, n, dk);
                keys.Quantize(0, pk + (h * dk), d, n, dk);
                rows.Quantize(0, pp + (firstPosition * d) + (h * dk), d, positions, dk);
                values.Quantize(0, pValues + (h * dk), d, n, dk);
                Int8Attention.AttendRelPosition(pu, pv, dk, n, dk, 1f / MathF.Sqrt(dk), keys, rows, values, 0, po + (h * dk), d);
            }
        }
    }
}
