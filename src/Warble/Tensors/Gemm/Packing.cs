using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Warble.Tensors.Quantization;

namespace Warble.Tensors.Gemm;

/// <summary>
/// Packs blocks of A and B into the micro-kernel's layout (GotoBLAS / BLIS packing): a block becomes a run of
/// micro-panels, each [kc][width] contiguous so the kernel reads it with unit stride; edges are zero-padded.
/// B in a stored dtype is converted to f32 here, once per block, so the kernel only ever sees floats.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>Packs A[rows, kc] (row stride lda) into panels of <paramref name="mr"/> rows: [panel][p][r].</summary>
    public static void PackA(float* a, nint lda, int rows, int kc, int mr, float* dst)
    {
        for (int i0 = 0; i0 < rows; i0 += mr)
        {
            int h = Math.Min(mr, rows - i0);
            PanelTranspose.Run(a + (i0 * lda), lda, h, kc, dst, mr);
            for (int p = 0; p < kc && h < mr; p++)
            {
                new Span<float>(dst + (p * mr) + h, mr - h).Clear();
            }

            dst += kc * mr;
        }
    }

    /// <summary>Packs B[kc, cols] (row-major, row stride ldb) into panels of <paramref name="nr"/> columns: [panel][p][j].</summary>
    public static void PackB(float* b, nint ldb, int kc, int cols, int nr, float* dst)
    {
        for (int j0 = 0; j0 < cols; j0 += nr)
        {
            int w = Math.Min(nr, cols - j0);
            for (int p = 0; p < kc; p++)
            {
                float* row = dst + (p * nr), source = b + (p * ldb) + j0;
                if (w == nr && nr % Vector256<float>.Count == 0)
                {
                    // A whole panel row is a few vectors: copied inline, where a Memmove call per row cost 2-3 % of
                    // the Parakeet encoder (its attention products pack f32 B).
                    for (int q = 0; q < nr; q += Vector256<float>.Count)
                    {
                        Vector256.Store(Vector256.Load(source + q), row + q);
                    }

                    continue;
                }

                new ReadOnlySpan<float>(source, w).CopyTo(new Span<float>(row, w));
                new Span<float>(row + w, nr - w).Clear();
            }

            dst += kc * nr;
        }
    }

    /// <summary>
    /// Packs rows [j0, j0 + cols) of a weight matrix, columns [p0, p0 + kc), as the transposed operand: panel layout
    /// [panel][p][j]. f32 and f16 are transposed straight from the stored rows (f16 widened on the way); bf16 and q8_0
    /// are first converted, one panel of rows at a time, into <paramref name="rows"/> (nr × kc floats of scratch).
    /// </summary>
    public static void PackWeights(in WeightMatrix w, int j0, int cols, int p0, int kc, int nr, float* dst, Span<float> rows)
    {
        ReadOnlySpan<byte> data = w.Data.Span;
        int rowBytes = w.RowBytes;
        fixed (byte* pw = data)
        fixed (float* scratch = rows)
        {
            for (int jp = 0; jp < cols; jp += nr)
            {
                int width = Math.Min(nr, cols - jp);
                byte* stored = pw + ((long)(j0 + jp) * rowBytes);
                if (w.Type == DType.F16)
                {
                    PanelTranspose.RunHalves((ushort*)stored + p0, rowBytes / sizeof(ushort), width, kc, dst, nr);
                }
                else if (w.Type == DType.F32)
                {
                    PanelTranspose.Run((float*)stored + p0, rowBytes / sizeof(float), width, kc, dst, nr);
                }
                else
                {
                    for (int j = 0; j < width; j++)
                    {
                        ConvertSegment(w.Type, data.Slice((j0 + jp + j) * rowBytes, rowBytes), p0, rows.Slice(j * kc, kc));
                    }

                    PanelTranspose.Run(scratch, kc, width, kc, dst, nr);
                }

                for (int p = 0; p < kc && width < nr; p++)
                {
                    new Span<float>(dst + (p * nr) + width, nr - width).Clear();
                }

                dst += kc * nr;
            }
        }
    }

    /// <summary>Converts values [p0, p0 + destination.Length) of one stored row to floats (q8_0: p0 and length whole blocks).</summary>
    public static void ConvertSegment(DType type, ReadOnlySpan<byte> row, int p0, Span<float> destination)
    {
        switch (type)
        {
            case DType.F32:
                MemoryMarshal.Cast<byte, float>(row).Slice(p0, destination.Length).CopyTo(destination);
                break;
            case DType.F16:
                RowDecoders.ToSingle<RowDecoders.F16>(MemoryMarshal.Cast<byte, ushort>(row).Slice(p0, destination.Length), destination);
                break;
            case DType.BF16:
                RowDecoders.ToSingle<RowDecoders.BF16>(MemoryMarshal.Cast<byte, ushort>(row).Slice(p0, destination.Length), destination);
                break;
            case DType.Q8_0:
                Q8_0.Dequantize(row[(p0 / Q8_0.BlockValues * Q8_0.BlockBytes)..], destination);
                break;
            default:
                throw new NotSupportedException($"weights of type {type.Name()} are not supported by the matrix kernels");
        }
    }
}
