using Warble.Tensors.Gemm.Int8;
using Warble.Tensors.Parallel;

namespace Warble.Tensors.Kernels;

/// <summary>
/// The encoder's attention products in int8 (<see cref="Int8Compute.Active"/>, many queries): Q·Kᵀ with the keys per
/// row as the weights of the int8 product (<see cref="Int8Keys"/>), quantised once per call for every head, the queries
/// per row per block, the f32 scale applied before the softmax; P·V with the values per channel
/// (<see cref="Int8Values"/>) and the probabilities as unsigned bytes straight from the softmax, where there is no mask,
/// causality or returned weights (the encoder's self-attention; otherwise P·V stays f32).
/// </summary>
internal static unsafe partial class Attention
{
    /// <summary>Bytes of the quantised keys and values of one call: scales and offsets first (4-byte aligned), panels after.</summary>
    private static int Int8Bytes(int heads, int dk, int tk) =>
        checked((int)((Int8Keys.Floats(heads, tk) * 8L) + (Int8Values.Floats(heads, dk) * 4L) + Int8Keys.Bytes(heads, tk, dk) + Int8Values.Bytes(heads, tk, dk)));

    /// <summary>Quantises every head's keys (and values) of <paramref name="cache"/> into <paramref name="memory"/> for <paramref name="task"/>.</summary>
    private static void QuantizeInt8(KeyValueCache cache, byte* memory, ref AttentionTask task)
    {
        int heads = cache.Heads, dk = cache.HeadDim, tk = cache.Length;
        float* keyScales = (float*)memory;
        int* keyOffsets = (int*)(keyScales + Int8Keys.Floats(heads, tk));
        float* valueScales = (float*)(keyOffsets + Int8Keys.Floats(heads, tk));
        byte* keyPanels = (byte*)(valueScales + Int8Values.Floats(heads, dk));
        task.KeysInt8 = new Int8Keys(keyPanels, keyScales, keyOffsets, heads, tk, dk);
        bool values = task.Mask == null && task.Weights == null && !task.Causal;
        task.ValuesInt8 = values ? new Int8Values(keyPanels + Int8Keys.Bytes(heads, tk, dk), valueScales, heads, tk, dk) : default;
        var quantize = new Quantize(cache, task.KeysInt8, task.ValuesInt8);
        if ((long)tk * heads * dk < ParallelWork)
        {
            for (int h = 0; h < heads; h++)
            {
                quantize.Invoke(h);
            }
        }
        else
        {
            WorkerPool.Current.For(heads, quantize);
        }
    }

    /// <summary>Pool action quantising one head's keys (and values, unless empty).</summary>
    private readonly struct Quantize(KeyValueCache cache, Int8Keys keys, Int8Values values) : IRangeAction
    {
        public void Invoke(int index)
        {
            int dk = cache.HeadDim, tk = cache.Length;
            fixed (float* k = cache.KeyRows(index), v = cache.Values(index))
            {
                keys.Quantize(index, k, dk, tk, dk);
                if (!values.IsEmpty)
                {
                    values.Quantize(index, v, dk, tk, dk);
                }
            }
        }
    }
}
