using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Warble.Tests.Kernels;

/// <summary>
/// A quick pass over the kernels' public (dispatching) entry points, runnable outside xunit: it prints which
/// widths the runtime accelerates, then runs the dispatch tests and reports each failure on one line.
/// </summary>
internal static class KernelSelfCheck
{
    public const string Verb = "kernel-self-check";

    public static int Run(TextWriter output)
    {
        output.WriteLine($"accelerated: 128={Vector128.IsHardwareAccelerated} 256={Vector256.IsHardwareAccelerated} 512={Vector512.IsHardwareAccelerated}");
        output.WriteLine($"supported: sse={Sse.IsSupported} avx2={Avx2.IsSupported} fma={Fma.IsSupported} avx512f={Avx512F.IsSupported} avxvnni={AvxVnni.IsSupported}");
        var checks = new (string Name, Action Check)[]
        {
            ("elementwise", () => new ElementwiseTests().PublicEntryPointsMatchReferences()),
            ("broadcast", () => new ElementwiseTests().BroadcastsRowsAndScalars()),
            ("dispatch", DispatchTests.RunAll),
            ("attention", () => new AttentionTests().IncrementalDecodeWithCacheEqualsFullCausalAttention()),
            ("attention rows", AttentionRowsTests.RunAll),
            ("conversions", Gemm.ConversionTests.RunAll),
            ("int8", () => new Gemm.Int8GemmTests().FallsBackToF32OrStaysClose()),
            ("int8 attention", () => new Int8AttentionTests().FallsBackToF32OrStaysClose()),
            ("int8 rel-pos attention", () => new Parakeet.Int8RelPositionAttentionTests().FallsBackToF32OrStaysClose()),
        };
        int failures = 0;
        foreach ((string name, Action check) in checks)
        {
            try
            {
                check();
                output.WriteLine($"ok {name}");
            }
            catch (Exception e) when (e is Xunit.Sdk.XunitException or ArgumentException)
            {
                failures++;
                output.WriteLine($"FAIL {name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
