using System.Diagnostics;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>
/// `gemv-dram K N [dtype] [M]`: decode products M×K×N (M = 1 by default) at 2 threads over enough distinct weight
/// matrices (120 MB) that every call reads its weights from memory, as a decoder step does; `warble bench gemm`
/// repeats one matrix, which stays in L3 when it is small. Weights spread like trained ones (±0.035, so f16 holds
/// subnormals).
/// </summary>
internal static class GemvDram
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[1], out int k) || !int.TryParse(args[2], out int n) || k < 1 || n < 1)
        {
            Console.Error.WriteLine("usage: gemv-dram K N [f32|f16|bf16|q8_0] [rows of A]");
            return 2;
        }

        DType type = DType.F16;
        if (args.Length > 3 && !DTypeInfo.TryParse(args[3], out type))
        {
            Console.Error.WriteLine($"unknown dtype {args[3]}");
            return 2;
        }

        long bytes = (long)n * type.ByteCount(k);
        int count = (int)Math.Max(2, (120L << 20) / bytes);
        var random = new Random(3);
        var matrices = new WeightMatrix[count];
        for (int i = 0; i < count; i++)
        {
            float[] values = [.. Enumerable.Range(0, k * n).Select(_ => (float)((random.NextDouble() - 0.5) * 0.07))];
            matrices[i] = WeightMatrix.Encode(values, n, k, type);
        }

        int m = 1;
        if (args.Length > 4 && (!int.TryParse(args[4], out m) || m < 1))
        {
            Console.Error.WriteLine($"rows of A must be a positive number, not {args[4]}");
            return 2;
        }

        float[] a = [.. Enumerable.Range(0, m * k).Select(_ => (float)(random.NextDouble() - 0.5))];
        var c = new float[m * n];
        WorkerPool.Shared.Configure(2);
        for (int round = 0; round < 5; round++)
        {
            long start = Stopwatch.GetTimestamp();
            int calls = 0;
            for (int pass = 0; pass < 4; pass++)
            {
                foreach (WeightMatrix w in matrices)
                {
                    MatMul.MultiplyTransposed(a, m, w, c);
                    calls++;
                }
            }

            double us = Stopwatch.GetElapsedTime(start).TotalMicroseconds / calls;
            Console.WriteLine($"{m}×{k}×{n} {type.Name()} from memory, 2 threads: {us:F1} µs per product, {bytes / us / 1e3:F1} GB/s ({count} matrices)");
        }

        return 0;
    }
}
