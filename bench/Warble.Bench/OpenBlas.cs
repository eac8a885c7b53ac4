using System.Runtime.InteropServices;

namespace Warble.Bench;

/// <summary>
/// OpenBLAS's <c>cblas_sgemm</c> through function pointers, for comparison only. Loaded on first use; when the library
/// is not installed <see cref="IsAvailable"/> is false and the comparisons are skipped.
/// </summary>
internal static unsafe class OpenBlas
{
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    private static readonly nint Library = Load();
    private static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemm =
        (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)Export("cblas_sgemm");

    private static readonly delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void> Sgemv =
        (delegate* unmanaged<int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)Export("cblas_sgemv");

    private static readonly delegate* unmanaged<int, void> SetThreads = (delegate* unmanaged<int, void>)Export("openblas_set_num_threads");

    public static bool IsAvailable => Sgemm != null && Sgemv != null && SetThreads != null;

    public static void SetThreadCount(int threads) => SetThreads(threads);

    /// <summary>C[m, n] = A[m, k] · B[n, k]ᵀ, the same product as <c>MatMul.MultiplyTransposed</c> on f32 weights.</summary>
    public static void MultiplyTransposed(float[] a, int m, float[] b, int n, int k, float[] c)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            Sgemm(RowMajor, NoTrans, Trans, m, n, k, 1f, pa, k, pb, k, 0f, pc, n);
        }
    }

    /// <summary>y[n] = B[n, k] · x[k] (<c>cblas_sgemv</c>), the one-row product of a decode step.</summary>
    public static void MultiplyVector(float[] x, float[] b, int n, int k, float[] y)
    {
        fixed (float* px = x, pb = b, py = y)
        {
            Sgemv(RowMajor, NoTrans, n, k, 1f, pb, k, px, 1, 0f, py, 1);
        }
    }

    private static nint Load()
    {
        // After each call OpenBLAS's idle workers keep yielding in a loop for 2^28 cycles (about 0.1 s) before they
        // sleep, so Warble's product timed right after one shared the two cores with a spinner: 2-thread ratios on
        // 1500×384×1536 scattered 0.52-1.04 that way, 0.98-1.21 with the workers sleeping at once. The variable is
        // read when the library loads, from the C environment (which Environment.SetEnvironmentVariable does not
        // change on Linux); a value the user set is kept.
        if (OperatingSystem.IsLinux())
        {
            _ = SetEnvironment("OPENBLAS_THREAD_TIMEOUT", "4", overwrite: 0);
        }

        foreach (string name in new[] { "libopenblas.so.0", "libopenblas.so", "openblas", "libopenblas" })
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                return handle;
            }
        }

        return 0;
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);

    private static nint Export(string name) =>
        Library != 0 && NativeLibrary.TryGetExport(Library, name, out nint address) ? address : 0;
}
