using System.Diagnostics;
using Warble.Tensors;
using Warble.Tensors.Gemm;
using Warble.Tensors.Parallel;

namespace Warble.Bench;

/// <summary>
/// `compare-openblas`: Warble's GEMM against OpenBLAS in the same process, interleaved run by run (each first in every
/// other run) so that load from other processes hits both alike; prints medians. Then the decode-time GEMV against
/// the copy bandwidth.
/// </summary>
internal static class CompareOpenBlas
{
    private const int Runs = 9;

    public static int Run()
    {
        if (!OpenBlas.IsAvailable)
        {
            Console.WriteLine("OpenBLAS (libopenblas.so.0) not found: skipping the comparison.");
        }
        else
        {
            Console.WriteLine("| shape (M×K×N) | threads | OpenBLAS GFLOP/s | Warble GFLOP/s | ratio | ratio of best runs |");
            Console.WriteLine("|---|---|---|---|---|---|");
            // #2's two shapes, then the two products of a Parakeet 0.6b feed-forward module on 60 s (750 frames).
            foreach ((int m, int k, int n) in new[] { (1500, 384, 1536), (1500, 1024, 4096), (750, 1024, 4096), (750, 4096, 1024) })
            {
                foreach (int threads in new[] { 1, 2 })
                {
                    CompareGemm(m, k, n, threads);
                }
            }
        }

        if (OpenBlas.IsAvailable)
        {
            Console.WriteLine();
            Console.WriteLine("| one-row product (Whisper logits) | threads | OpenBLAS sgemv f32 ms (GB/s) | Warble f32 ms (GB/s) | Warble f16 ms (GB/s) | OpenBLAS vs baselines.md's 4.5 ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            CompareGemv(384, 51865, 2);
        }

        Console.WriteLine();
        Console.WriteLine("| decode shape | dtype | threads | weight GB/s | copy GB/s | ratio, median of rounds (range) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (DType type in new[] { DType.F16, DType.Q8_0 })
        {
            Decode(1024, 4096, type, 2);
        }

        return 0;
    }

    private static void CompareGemm(int m, int k, int n, int threads)
    {
        float[] a = BenchData.Random(m * k, 1), b = BenchData.Random(n * k, 2), c = new float[m * n];
        WeightMatrix w = WeightMatrix.FromFloats(b, n, k);
        OpenBlas.SetThreadCount(threads);
        WorkerPool.Shared.Configure(threads);
        var blas = new double[Runs];
        var warble = new double[Runs];
        for (int r = -1; r < Runs; r++)
        {
            // Alternate which goes first: OpenBLAS's idle threads keep spinning (and yielding) for a while after a
            // call, which cost whatever ran right after it 5 % at two threads here.
            double tw = r % 2 == 0 ? Time(() => MatMul.MultiplyTransposed(a, m, w, c)) : 0;
            double tb = Time(() => OpenBlas.MultiplyTransposed(a, m, b, n, k, c));
            tw = r % 2 == 0 ? tw : Time(() => MatMul.MultiplyTransposed(a, m, w, c));
            if (r >= 0)
            {
                (blas[r], warble[r]) = (tb, tw);
            }
        }

        double flops = 2.0 * m * n * k;
        double gb = flops / Median(blas) / 1e9, gw = flops / Median(warble) / 1e9;
        Console.WriteLine($"| {m}×{k}×{n} | {threads} | {gb:F1} | {gw:F1} | {gw / gb:F2} | {blas.Min() / warble.Min():F2} |");
    }

    /// <summary>
    /// A memory-bound decode product against OpenBLAS's sgemv in the same run: baselines.md measured that sgemv at
    /// 4.5 ms (2 threads), so the last column is how much slower this machine's memory is now, the factor to scale
    /// whisper.cpp's per-token baselines by.
    /// </summary>
    private static void CompareGemv(int k, int n, int threads)
    {
        float[] x = BenchData.Random(k, 5), b = BenchData.Random(n * k, 6), y = new float[n];
        WeightMatrix f32 = WeightMatrix.FromFloats(b, n, k), f16 = BenchData.Weights(DType.F16, n, k, 6);
        OpenBlas.SetThreadCount(threads);
        WorkerPool.Shared.Configure(threads);
        var blas = new double[Runs];
        var warble = new double[Runs];
        var half = new double[Runs];
        for (int r = -1; r < Runs; r++)
        {
            double tb = Time(() => OpenBlas.MultiplyVector(x, b, n, k, y));
            double tw = Time(() => MatMul.MultiplyTransposed(x, 1, f32, y));
            double th = Time(() => MatMul.MultiplyTransposed(x, 1, f16, y));
            if (r >= 0)
            {
                (blas[r], warble[r], half[r]) = (tb, tw, th);
            }
        }

        string Cell(double[] times, long bytes) => $"{Median(times) * 1e3:F2} ({bytes / Median(times) / 1e9:F1})";
        Console.WriteLine($"| 1×{k}×{n} | {threads} | {Cell(blas, f32.Data.Length)} | {Cell(warble, f32.Data.Length)} | {Cell(half, f16.Data.Length)} | {Median(blas) * 1e3 / 4.5:F2}× |");
    }

    /// <summary>
    /// A decode-time product against the copy bandwidth, both over more data than the 33 MB L3: the product cycles
    /// through copies of the matrix (one 1×1024×4096 matrix alone would be served from L3 after the first run), and
    /// the copy moves a buffer of the same total size. The two alternate in rounds of about a third of a second, since
    /// this machine's memory speed drifts by more than the margin measured (one product-then-copy run read 0.56).
    /// </summary>
    private static void Decode(int k, int n, DType type, int threads)
    {
        const long Total = 128L << 20;
        const int Rounds = 7;
        float[] a = BenchData.Random(k, 3), c = new float[n];
        WeightMatrix first = BenchData.Weights(type, n, k, 4);
        int copies = (int)Math.Max(1, Total / first.Data.Length);
        WeightMatrix[] weights = [first, .. Enumerable.Range(5, copies - 1).Select(seed => BenchData.Weights(type, n, k, seed))];
        WorkerPool.Shared.Configure(threads);
        foreach (WeightMatrix w in weights)
        {
            MatMul.MultiplyTransposed(a, 1, w, c);
        }

        var product = new double[Rounds];
        var copy = new double[Rounds];
        var ratio = new double[Rounds];
        var times = new double[copies * 2];
        for (int r = 0; r < Rounds; r++)
        {
            for (int i = 0; i < times.Length; i++)
            {
                WeightMatrix w = weights[i % copies];
                times[i] = Time(() => MatMul.MultiplyTransposed(a, 1, w, c));
            }

            product[r] = first.Data.Length / Median(times) / 1e9;
            copy[r] = CopyBandwidth.Measure((int)Math.Min(int.MaxValue, (long)first.Data.Length * copies), threads, runs: 3) / 1e9;
            ratio[r] = product[r] / copy[r];
        }

        Console.WriteLine($"| 1×{k}×{n} | {type.Name()} | {threads} | {Median(product):F1} | {Median(copy):F1} | {Median(ratio):F2} ({ratio.Min():F2}–{ratio.Max():F2}) |");
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static double Median(double[] values)
    {
        double[] sorted = [.. values.Order()];
        return sorted[sorted.Length / 2];
    }
}
