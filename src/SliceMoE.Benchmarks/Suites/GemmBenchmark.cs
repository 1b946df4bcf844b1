using SliceMoE.Benchmarks.Measurement;
using SliceMoE.Benchmarks.OpenBlas;
using SliceMoE.Compute;
using SliceMoE.Kernels.Gemm;
using SliceMoE.Numerics;
using SliceMoE.Tensors;

namespace SliceMoE.Benchmarks.Suites;

/// <summary>One timed measurement of the GEMM benchmark.</summary>
/// <param name="Op">"fma_peak", "gemm" or "grouped_gemm".</param>
/// <param name="Name">What the shape is.</param>
/// <param name="Shape">The operand shapes.</param>
/// <param name="Implementation">"slicemoe", "openblas" or "fma".</param>
/// <param name="Threads">Threads used.</param>
/// <param name="Seconds">Median seconds per call.</param>
/// <param name="Gflops">Achieved GFLOP/s.</param>
/// <param name="RatioToPeak">Against the FMA peak measured in this run at this thread count.</param>
/// <param name="RatioToOpenBlas">Against OpenBLAS on the same shape and threads; null when OpenBLAS is absent.</param>
/// <param name="RatioToSingle">Grouped cases: against one GEMM of the same total shape (our implementation).</param>
/// <param name="Contended">Timed runs disturbed by other processes.</param>
public sealed record GemmMeasurement(
    string Op, string Name, string Shape, string Implementation, int Threads, double Seconds, double Gflops,
    double RatioToPeak, double? RatioToOpenBlas, double? RatioToSingle, int Contended);

/// <summary>Options of <see cref="GemmBenchmark"/>.</summary>
/// <param name="Threads">Thread counts to measure.</param>
/// <param name="OpenBlasCoreType">OPENBLAS_CORETYPE to load OpenBLAS with; null keeps the environment's; "none" skips OpenBLAS.</param>
/// <param name="MinSeconds">Minimum timed seconds per measurement.</param>
public sealed record GemmBenchmarkOptions(IReadOnlyList<int> Threads, string? OpenBlasCoreType = "SkylakeX", double MinSeconds = 0.5);

/// <summary>Everything one run of the GEMM benchmark measured.</summary>
/// <param name="Kernel">Our kernel family.</param>
/// <param name="OpenBlasCore">OpenBLAS's reported core, or null when absent.</param>
/// <param name="Measurements">All measurements, peak first.</param>
public sealed record GemmBenchmarkReport(string Kernel, string? OpenBlasCore, IReadOnlyList<GemmMeasurement> Measurements);

/// <summary>
/// Measures, in one run, the FMA peak, our GEMM and grouped GEMM at the expert shapes, a 2048³ GEMM, and OpenBLAS's
/// sgemm on the same shapes. Ours and OpenBLAS are timed in alternating rounds (<see cref="Timing.MeasureInterleaved"/>), so
/// that a slow spell of a shared machine does not decide the ratio between them.
/// </summary>
public static unsafe class GemmBenchmark
{
    private const int Rounds = 5;

    /// <summary>OpenBLAS's idle threads spin for about 2^28 cycles (~0.1 s) after a call; this lets them sleep before ours run.</summary>
    private static readonly TimeSpan PauseBetweenLibraries = TimeSpan.FromSeconds(0.25);

    /// <summary>The default shapes: the d=768, S=8 expert GEMMs of a SliceMoE layer, a square GEMM, and 16 skewed groups.</summary>
    public static IReadOnlyList<GemmCase> DefaultCases()
    {
        var skewed = GemmCase.SkewedSizes(16, 16384);
        return
        [
            new("gemm", "expert fc1 forward", GemmCaseKind.Single, 4096, 1536, 96, false, true),
            new("gemm", "expert fc2 forward", GemmCaseKind.Single, 4096, 96, 1536, false, true),
            new("gemm", "expert input gradient", GemmCaseKind.Single, 4096, 96, 1536, false, false),
            new("gemm", "expert fc1 weight gradient", GemmCaseKind.Single, 1536, 96, 4096, true, false),
            new("gemm", "square", GemmCaseKind.Single, 2048, 2048, 2048, false, false),
            new("grouped_gemm", "16 skewed experts, fc1 forward", GemmCaseKind.RowGroups, 16384, 1536, 96, false, true, skewed),
            new("grouped_gemm", "16 skewed experts, fc2 forward", GemmCaseKind.RowGroups, 16384, 96, 1536, false, true, skewed),
            new("grouped_gemm", "16 skewed experts, fc1 weight gradient", GemmCaseKind.ReductionGroups, 1536, 96, 16384, true, false, skewed),
        ];
    }

    /// <summary>Runs the benchmark, reporting each measurement as it completes.</summary>
    public static GemmBenchmarkReport Run(IReadOnlyList<GemmCase> cases, GemmBenchmarkOptions options, Action<GemmMeasurement>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<GemmMeasurement>();
        void Add(GemmMeasurement m)
        {
            results.Add(m);
            progress?.Invoke(m);
        }

        int savedThreads = ComputeThreads.Count;
        var blas = options.OpenBlasCoreType == "none" ? null : OpenBlasLibrary.TryLoad(options.OpenBlasCoreType);
        try
        {
            var peak = new Dictionary<int, double>();
            foreach (int threads in options.Threads)
            {
                ForeignLoad.WaitForIdle(TimeSpan.FromSeconds(30));
                var (gflops, width) = FmaPeak.Measure(threads);
                peak[threads] = gflops;
                Add(new GemmMeasurement("fma_peak", $"{width} FMA loop", "-", "fma", threads, 0, gflops, 1, null, null, 0));
            }

            foreach (var c in cases)
            {
                using var data = new CaseData(c);
                foreach (int threads in options.Threads)
                {
                    ComputeThreads.Count = threads;
                    blas?.SetThreads(threads);
                    var actions = new List<Action> { data.RunOurs };
                    if (c.GroupSizes is not null)
                    {
                        actions.Add(data.RunSingleEquivalent);
                    }

                    if (blas is not null)
                    {
                        actions.Add(() => data.RunOpenBlas(blas));
                    }

                    var t = Timing.MeasureInterleaved(actions, Rounds, options.MinSeconds, PauseBetweenLibraries);
                    double Gflops(TimingResult r) => c.Flops / r.MedianSeconds / 1e9;
                    double? ratioToSingle = c.GroupSizes is null ? null : Gflops(t[0]) / Gflops(t[1]);
                    double? ratioToBlas = blas is null ? null : Gflops(t[0]) / Gflops(t[^1]);
                    Add(Measurement(c, "slicemoe", threads, t[0], peak[threads], ratioToBlas, ratioToSingle));
                    if (blas is not null)
                    {
                        Add(Measurement(c, "openblas", threads, t[^1], peak[threads], 1.0, null));
                    }
                }
            }
        }
        finally
        {
            ComputeThreads.Count = savedThreads;
        }

        return new GemmBenchmarkReport(KernelFamilies.Describe(KernelFamily.Auto), blas?.Description, results);
    }

    private static GemmMeasurement Measurement(GemmCase c, string implementation, int threads, TimingResult t, double peak, double? ratioToBlas, double? ratioToSingle)
    {
        double gflops = c.Flops / t.MedianSeconds / 1e9;
        return new GemmMeasurement(c.Op, c.Name, c.ShapeText, implementation, threads, t.MedianSeconds, gflops, gflops / peak, ratioToBlas, ratioToSingle, t.Contended);
    }

    /// <summary>Operands of one case in aligned native memory, filled with uniform random values.</summary>
    private sealed class CaseData : IDisposable
    {
        private readonly GemmCase _case;
        private readonly Tensor<float> _a;
        private readonly Tensor<float> _b;
        private readonly Tensor<float> _c;
        private readonly int[] _offsets;

        public CaseData(GemmCase c)
        {
            _case = c;
            var rng = new Rng(42);
            int groups = c.GroupSizes?.Length ?? 1;
            _a = Random(rng, (long)c.M * c.K);
            _b = Random(rng, (long)c.K * c.N * (c.Kind == GemmCaseKind.RowGroups ? groups : 1));
            _c = new Tensor<float>(checked((int)((long)c.M * c.N * (c.Kind == GemmCaseKind.ReductionGroups ? groups : 1))));
            _offsets = new int[groups + 1];
            for (int g = 0; g < groups; g++)
            {
                _offsets[g + 1] = _offsets[g] + (c.GroupSizes?[g] ?? 0);
            }
        }

        public void RunOurs()
        {
            var c = _case;
            switch (c.Kind)
            {
                case GemmCaseKind.RowGroups:
                    GroupedGemm.MultiplyRowGroups<float>(_a.Span, c.K, _b.Span, c.TransB ? c.K : c.N, (long)c.K * c.N, c.TransB, _c.Span, c.N, _offsets, c.N, c.K);
                    break;
                case GemmCaseKind.ReductionGroups:
                    GroupedGemm.MultiplyTransposedRowGroups<float>(_a.Span, c.M, _b.Span, c.N, _c.Span, c.N, (long)c.M * c.N, _offsets, c.M, c.N);
                    break;
                default:
                    RunSingleEquivalent();
                    break;
            }
        }

        /// <summary>One GEMM of the case's total shape.</summary>
        public void RunSingleEquivalent()
        {
            var c = _case;
            Gemm.Multiply<float>(_a.Span, c.TransA ? c.M : c.K, c.TransA, _b.Span, c.TransB ? c.K : c.N, c.TransB, _c.Span, c.N, c.M, c.N, c.K);
        }

        public void RunOpenBlas(OpenBlasLibrary blas)
        {
            var c = _case;
            float* a = _a.Pointer, b = _b.Pointer, cc = _c.Pointer;
            int lda = c.TransA ? c.M : c.K, ldb = c.TransB ? c.K : c.N;
            switch (c.Kind)
            {
                case GemmCaseKind.RowGroups:
                    for (int g = 0; g + 1 < _offsets.Length; g++)
                    {
                        int r0 = _offsets[g], rows = _offsets[g + 1] - r0;
                        blas.Sgemm(false, c.TransB, rows, c.N, c.K, a + ((long)r0 * c.K), lda, b + ((long)g * c.K * c.N), ldb, cc + ((long)r0 * c.N), c.N);
                    }

                    break;
                case GemmCaseKind.ReductionGroups:
                    for (int g = 0; g + 1 < _offsets.Length; g++)
                    {
                        int r0 = _offsets[g], rows = _offsets[g + 1] - r0;
                        blas.Sgemm(true, false, c.M, c.N, rows, a + ((long)r0 * c.M), c.M, b + ((long)r0 * c.N), c.N, cc + ((long)g * c.M * c.N), c.N);
                    }

                    break;
                default:
                    blas.Sgemm(c.TransA, c.TransB, c.M, c.N, c.K, a, lda, b, ldb, cc, c.N);
                    break;
            }
        }

        public void Dispose()
        {
            _a.Dispose();
            _b.Dispose();
            _c.Dispose();
        }

        private static Tensor<float> Random(Rng rng, long length)
        {
            var t = new Tensor<float>(checked((int)length));
            var s = t.Span;
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextSingle() - 0.5f;
            }

            return t;
        }
    }
}
