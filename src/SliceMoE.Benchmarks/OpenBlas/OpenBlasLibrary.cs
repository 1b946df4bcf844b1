using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SliceMoE.Benchmarks.OpenBlas;

/// <summary>
/// OpenBLAS's <c>cblas_sgemm</c>, loaded at run time from <c>libopenblas.so.0</c> when present: a yardstick for our
/// kernels, never a dependency of the library. OpenBLAS picks its kernels from <c>OPENBLAS_CORETYPE</c> once, when
/// it loads, and reads the C environment (which <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not reach), so the core type is set with libc's <c>setenv</c> before loading. OpenBLAS does not check that a
/// forced core type suits the CPU: its AVX-512 kernels on a CPU without AVX-512 die with SIGILL, so such a request is
/// dropped there (the environment's core type is used, and <see cref="Substitution"/> says so).
/// </summary>
public sealed unsafe partial class OpenBlasLibrary
{
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;

    private readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> _sgemm;
    private readonly delegate* unmanaged<void> _setThreads;

    /// <summary>OpenBLAS core types whose kernels use AVX-512.</summary>
    private static readonly string[] Avx512CoreTypes = ["SkylakeX", "Cooperlake", "SapphireRapids"];

    private OpenBlasLibrary(nint handle, string requestedCoreType, string? substitution)
    {
        Substitution = substitution;
        _sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)NativeLibrary.GetExport(handle, "cblas_sgemm");
        _setThreads = (delegate* unmanaged<void>)NativeLibrary.GetExport(handle, "openblas_set_num_threads");
        var coreName = (delegate* unmanaged<byte*>)NativeLibrary.GetExport(handle, "openblas_get_corename");
        CoreName = Marshal.PtrToStringUTF8((nint)coreName()) ?? "unknown";
        RequestedCoreType = requestedCoreType;
    }

    /// <summary>The kernel set OpenBLAS reports it uses (e.g. "SkylakeX", "Haswell").</summary>
    public string CoreName { get; }

    /// <summary>The OPENBLAS_CORETYPE set before loading (empty: OpenBLAS detected the CPU itself).</summary>
    public string RequestedCoreType { get; }

    /// <summary>Why the core type asked for was not used (e.g. AVX-512 kernels on a CPU without AVX-512); null when it was.</summary>
    public string? Substitution { get; }

    /// <summary>What ran: e.g. "SkylakeX (OPENBLAS_CORETYPE=SkylakeX)", with the reason when the request was dropped.</summary>
    public string Description => $"{CoreName} (OPENBLAS_CORETYPE={(RequestedCoreType.Length == 0 ? "unset" : RequestedCoreType)}{(Substitution is null ? string.Empty : "; " + Substitution)})";

    /// <summary>
    /// Loads OpenBLAS with the given core type (null: leave the environment as it is), or returns null when the
    /// library is absent. Only the first load in a process decides the core type.
    /// </summary>
    public static OpenBlasLibrary? TryLoad(string? coreType)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string? substitution = null;
        if (coreType is not null && !Avx512F.IsSupported && Avx512CoreTypes.Contains(coreType, StringComparer.OrdinalIgnoreCase))
        {
            substitution = $"{coreType} was asked for, but this CPU has no AVX-512 and those kernels would fault";
            coreType = null;
        }

        if (coreType is not null)
        {
            _ = SetEnv("OPENBLAS_CORETYPE", coreType, 1);
        }

        if (!NativeLibrary.TryLoad("libopenblas.so.0", out var handle))
        {
            return null;
        }

        return new OpenBlasLibrary(handle, coreType ?? Environment.GetEnvironmentVariable("OPENBLAS_CORETYPE") ?? string.Empty, substitution);
    }

    /// <summary>Sets OpenBLAS's thread count.</summary>
    public void SetThreads(int threads) => ((delegate* unmanaged<int, void>)_setThreads)(threads);

    /// <summary>C = op(A) op(B) on row-major matrices (beta = 0).</summary>
    public void Sgemm(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float* c, int ldc) =>
        _sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
