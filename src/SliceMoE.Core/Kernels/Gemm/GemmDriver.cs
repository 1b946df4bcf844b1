using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SliceMoE.Compute;
using SliceMoE.Kernels.Activations;
using SliceMoE.Kernels.Simd;
using SliceMoE.Tensors;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Runs a batch of independent float32 GEMM problems (one plain GEMM, or every group of a grouped GEMM)
/// as one pool of work items, so small and skewed groups share the threads instead of each paying its own
/// fork/join. A work item is an MC x NC block of one problem's C; it loops over K in KC blocks and applies
/// the epilogue to its block while it is still in cache. Every element of C is produced by exactly one
/// item in a fixed K order, so results are bit-identical at any thread count.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>
    /// K block: an A tile (12 x 512 floats, 24 KB) and a B panel (512 x 32, 64 KB) stay in L1/L2 across a tile sweep.
    /// Measured against 256 (with <see cref="McBlock"/> 96) in interleaved rounds on two machines: 2048³ 6-9 % faster on
    /// one Zen 4 and one Zen 5 core, the expert and LM shapes -4..+7 % (docs/benchmarks/gemm-blocks-2026-12-04.txt).
    /// </summary>
    internal const int KcBlock = 512;

    /// <summary>Rows per work item: 16 AVX-512 tiles (32 AVX2 tiles); small enough to balance skewed groups over two threads.</summary>
    internal const int McBlock = 192;

    /// <summary>Columns per work item: a 192 x 1024 C block (768 KB) stays in L2 for the epilogue.</summary>
    internal const int NcBlock = 1024;

    /// <summary>Below this many FLOPs a call runs on the calling thread: a fork/join costs more than it saves.</summary>
    internal const double ParallelFlopThreshold = 4e6;

    /// <summary>B is packed once per call, shared by all items, while it fits in this many floats (64 MB).</summary>
    private const long SharedPackBudgetFloats = 16L << 20;

    public static void Run(ReadOnlySpan<GemmProblem> problems, bool accumulate, GemmEpilogueSpec epilogue, KernelFamily family)
    {
        // A pre-packed weight is read as packed, whole: it is not split (its problems have small M and K = a layer's width).
        var resolved = KernelFamilies.Resolve(family);
        if (problems.Length == 1 && epilogue.Kind == GemmEpilogueKind.None && resolved != KernelFamily.Reference
            && GemmSplitK.Chunks(problems[0]) is > 1 and int chunks
            && WeightPacks.Current?.TryFind(problems[0], PanelWidth(resolved), out _) != true)
        {
            GemmSplitK.Run(problems[0], chunks, accumulate, family);
            return;
        }

        RunBatch(problems, accumulate, epilogue, family);
    }

    /// <summary>Columns of a micro-tile, and of a packed B panel, for a resolved family (2 vectors; 0 for the reference loops).</summary>
    internal static int PanelWidth(KernelFamily resolved) => resolved switch
    {
        KernelFamily.Vector512 => 2 * Simd512.Count,
        KernelFamily.Vector256 => 2 * Simd256.Count,
        _ => 0,
    };

    /// <summary>Runs the problems as given, without splitting any reduction.</summary>
    public static void RunBatch(ReadOnlySpan<GemmProblem> problems, bool accumulate, GemmEpilogueSpec epilogue, KernelFamily family)
    {
        switch (KernelFamilies.Resolve(family))
        {
            case KernelFamily.Vector512:
                Run<Simd512, Vector512<float>>(problems, accumulate, epilogue, mr: 12, packTransposedA: false);
                break;
            case KernelFamily.Vector256:
                Run<Simd256, Vector256<float>>(problems, accumulate, epilogue, mr: 6, packTransposedA: true);
                break;
            default:
                foreach (ref readonly var p in problems)
                {
                    GemmReference.Run(p.A, p.ARowStride, p.AColStride, p.B, p.BRowStride, p.BColStride, p.C, p.Ldc, p.M, p.N, p.K, accumulate, epilogue, p.Bias, p.Aux, p.LdAux, p.BiasGrad);
                }

                break;
        }
    }

    /// <summary>
    /// Two chained multiplies per group, a feed-forward network's y = fc2(f(fc1(x))): <paramref name="first"/>[g] (its C unset)
    /// and <paramref name="second"/>[g] (its A unset) share their group's rows, and the hidden layer between them lives only in
    /// a scratch block of a few rows per work item, which stays in cache, instead of a buffer of every row that goes to
    /// memory and back. Each element is computed as the two separate multiplies compute it (the same blocks in K, the same
    /// epilogues), so the results are the same bits. Returns false, having done nothing, when both weights' packed panels
    /// would not fit the shared packing budget (the caller then runs the two multiplies).
    /// </summary>
    public static bool RunChained(GemmProblem[] first, GemmProblem[] second, GemmEpilogueSpec firstEpilogue, GemmEpilogueSpec secondEpilogue, KernelFamily family)
    {
        return KernelFamilies.Resolve(family) switch
        {
            KernelFamily.Vector512 => RunChained<Simd512, Vector512<float>>(first, second, firstEpilogue, secondEpilogue, mr: 12, packTransposedA: false),
            KernelFamily.Vector256 => RunChained<Simd256, Vector256<float>>(first, second, firstEpilogue, secondEpilogue, mr: 6, packTransposedA: true),
            _ => false,
        };
    }

    /// <summary>Hidden floats per chained work item: its block (rows x hidden width) stays in a 1 MB L2 beside the weights' panels.</summary>
    private const int ChainedHiddenFloats = 96 * 1024;

    private static bool RunChained<TS, TV>(GemmProblem[] first, GemmProblem[] second, GemmEpilogueSpec e1, GemmEpilogueSpec e2, int mr, bool packTransposedA)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        var fc1 = new Job<TS, TV>(first, accumulate: false, e1, mr, packTransposedA);
        var fc2 = new Job<TS, TV>(second, accumulate: false, e2, mr, packTransposedA);
        long floats1 = fc1.SharedPackFloats(), floats2 = fc2.SharedPackFloats();
        if (floats1 + floats2 > SharedPackBudgetFloats)
        {
            return false;
        }

        int hidden = first.Length == 0 ? 0 : first[0].N;
        int rowsPerItem = Math.Clamp(ChainedHiddenFloats / Math.Max(1, hidden) / mr * mr, mr, McBlock);
        var items = new List<(int Group, int Row0)>();
        double flops = 0;
        for (int g = 0; g < first.Length; g++)
        {
            flops += first[g].Flops + second[g].Flops;
            for (int r0 = 0; r0 < first[g].M; r0 += rowsPerItem)
            {
                items.Add((g, r0));
            }
        }

        bool parallel = flops >= ParallelFlopThreshold && ComputeThreads.Count > 1;
        using var packs = ScratchPool.Rent<float>(floats1 + floats2);
        fc1.PackShared(packs.Pointer, parallel);
        fc2.PackShared(packs.Pointer + floats1, parallel);
        RunItems(items.Count, index =>
        {
            var (g, r0) = items[index];
            var a = first[g];
            int rows = Math.Min(rowsPerItem, a.M - r0);
            using var scratch = ScratchPool.Rent<float>((long)rows * hidden);
            a.A += r0 * a.ARowStride;
            a.M = rows;
            a.C = scratch.Pointer;
            a.Ldc = hidden;
            for (int j0 = 0; j0 < hidden; j0 += NcBlock)
            {
                fc1.ComputeBlock(a, g, 0, j0, -1);
            }

            var b = second[g];
            b.A = scratch.Pointer;
            b.ARowStride = hidden;
            b.AColStride = 1;
            b.M = rows;
            b.C += r0 * b.Ldc;
            for (int j0 = 0; j0 < b.N; j0 += NcBlock)
            {
                fc2.ComputeBlock(b, g, 0, j0, -1);
            }
        }, parallel);
        return true;
    }

    private static void RunItems(int count, Action<int> body, bool parallel)
    {
        if (parallel)
        {
            ComputeThreads.For(count, body);
            return;
        }

        for (int i = 0; i < count; i++)
        {
            body(i);
        }
    }

    /// <param name="problems">The problems.</param>
    /// <param name="accumulate">Add to C.</param>
    /// <param name="epilogue">The epilogue.</param>
    /// <param name="mr">Rows per micro-tile.</param>
    /// <param name="packTransposedA">
    /// Pack a transposed A (a weight gradient's dYᵀ) whenever K spans several blocks, however narrow N is. Measured per
    /// family, on the machine each was tuned on, at dW1 = dHᵀX [1536 x 96, K = 4096]: on a Zen 2 core (AVX2) packing
    /// raised it from 57 to 82 GFLOP/s; with AVX-512 it does not pay: on a Zen 5 class machine an earlier, tile-by-tile
    /// packing measured no faster than reading A in place, and on a Zen 4 core today's row-by-row packing with prefetch
    /// measured 82 against 84 GFLOP/s in place (159 against 161 on two cores).
    /// </param>
    private static void Run<TS, TV>(ReadOnlySpan<GemmProblem> problems, bool accumulate, GemmEpilogueSpec epilogue, int mr, bool packTransposedA)
        where TS : struct, ISimdF32<TV> where TV : struct
    {
        var job = new Job<TS, TV>(problems.ToArray(), accumulate, epilogue, mr, packTransposedA);
        job.Execute();
    }

    private sealed class Job<TS, TV> where TS : struct, ISimdF32<TV> where TV : struct
    {
        private readonly GemmProblem[] _problems;
        private readonly bool _accumulate;
        private readonly GemmEpilogueSpec _epilogue;
        private readonly int _mr;
        private readonly bool _packTransposedA;
        private readonly int _nr;
        private readonly List<(int Problem, int Row0, int Col0)> _items = [];
        private readonly long[] _packedOffset;
        private readonly List<(int Problem, int Panel0, int Panels)> _packItems = [];
        private float* _packed;
        private float* _columnSums;

        public Job(GemmProblem[] problems, bool accumulate, GemmEpilogueSpec epilogue, int mr, bool packTransposedA)
        {
            _problems = problems;
            _accumulate = accumulate;
            _epilogue = epilogue;
            _mr = mr;
            _packTransposedA = packTransposedA;
            _nr = 2 * TS.Count;
            _packedOffset = new long[problems.Length];
            if (WeightPacks.Current is { } packs)
            {
                for (int g = 0; g < problems.Length; g++)
                {
                    if (packs.TryFind(problems[g], _nr, out var entry))
                    {
                        problems[g].PackedB = entry.Data;
                        problems[g].PackedBFloat16 = entry.BFloat16;
                    }
                }
            }
        }

        /// <summary>
        /// Packs every problem's B that is not pre-packed into one shared buffer (the caller's, of <see cref="SharedPackFloats"/>
        /// floats), panel by panel, as <see cref="Execute"/> does when B is reused across row blocks.
        /// </summary>
        public void PackShared(float* destination, bool parallel)
        {
            _packed = destination;
            PlanSharedPacking();
            RunItems(_packItems.Count, PackSharedPanels, parallel);
        }

        /// <summary>Floats <see cref="PackShared"/> needs, the offsets of each problem's panels in it set on the way.</summary>
        public long SharedPackFloats()
        {
            long floats = 0;
            for (int g = 0; g < _problems.Length; g++)
            {
                ref readonly var p = ref _problems[g];
                if (p.PackedB == null)
                {
                    _packedOffset[g] = floats;
                    floats += (long)((p.N + _nr - 1) / _nr) * _nr * p.K;
                }
            }

            return floats;
        }

        public void Execute()
        {
            double flops = 0;
            long packFloats = 0;
            bool reused = false;
            for (int g = 0; g < _problems.Length; g++)
            {
                ref readonly var p = ref _problems[g];
                flops += p.Flops;
                int rowBlocks = (p.M + McBlock - 1) / McBlock;
                int colBlocks = (p.N + NcBlock - 1) / NcBlock;
                for (int ib = 0; ib < rowBlocks; ib++)
                {
                    for (int jb = 0; jb < colBlocks; jb++)
                    {
                        _items.Add((g, ib * McBlock, jb * NcBlock));
                    }
                }

                if (p.PackedB == null)
                {
                    int panels = (p.N + _nr - 1) / _nr;
                    _packedOffset[g] = packFloats;
                    packFloats += (long)panels * _nr * p.K;
                    reused |= rowBlocks > 1 && p.K > 0;
                }
            }

            bool parallel = flops >= ParallelFlopThreshold && ComputeThreads.Count > 1;
            bool sharedPack = reused && packFloats <= SharedPackBudgetFloats;
            bool biasGrad = (_epilogue.Kind is GemmEpilogueKind.DerivativeScale or GemmEpilogueKind.ReluMask) && _problems.Any(p => p.BiasGrad != null);
            ScratchLease<float> packLease = default;
            using var sumsLease = biasGrad ? ScratchPool.Rent<float>((long)_items.Count * NcBlock) : default;
            _columnSums = biasGrad ? sumsLease.Pointer : null;
            try
            {
                if (sharedPack)
                {
                    packLease = ScratchPool.Rent<float>(packFloats);
                    _packed = packLease.Pointer;
                    PlanSharedPacking();
                    RunItems(_packItems.Count, PackSharedPanels, parallel);
                }

                RunItems(_items.Count, ComputeItem, parallel);
                if (biasGrad)
                {
                    ReduceColumnSums();
                }
            }
            finally
            {
                packLease.Dispose();
                _packed = null;
            }
        }

        /// <summary>Adds each item's column sums to its problem's bias gradient, in item order (rows ascending): deterministic.</summary>
        private void ReduceColumnSums()
        {
            for (int index = 0; index < _items.Count; index++)
            {
                var (g, _, j0) = _items[index];
                ref readonly var p = ref _problems[g];
                if (p.BiasGrad == null)
                {
                    continue;
                }

                int nc = Math.Min(NcBlock, p.N - j0);
                var sums = new ReadOnlySpan<float>(_columnSums + ((long)index * NcBlock), nc);
                var target = new Span<float>(p.BiasGrad + j0, nc);
                System.Numerics.Tensors.TensorPrimitives.Add(target, sums, target);
            }
        }

        private void PlanSharedPacking()
        {
            const int PanelsPerItem = 8;
            for (int g = 0; g < _problems.Length; g++)
            {
                if (_problems[g].PackedB != null)
                {
                    continue;
                }

                int panels = (_problems[g].N + _nr - 1) / _nr;
                for (int q = 0; q < panels; q += PanelsPerItem)
                {
                    _packItems.Add((g, q, Math.Min(PanelsPerItem, panels - q)));
                }
            }
        }

        /// <summary>Shared layout: problem g's panel q holds all K rows, at _packed + offset[g] + q*K*NR.</summary>
        private void PackSharedPanels(int index)
        {
            var (g, q0, count) = _packItems[index];
            ref readonly var p = ref _problems[g];
            for (int q = q0; q < q0 + count; q++)
            {
                int j0 = q * _nr;
                float* dest = _packed + _packedOffset[g] + ((long)q * p.K * _nr);
                GemmPacking.PackBPanel(p, j0, Math.Min(_nr, p.N - j0), 0, p.K, dest, _nr);
            }
        }

        private void ComputeItem(int index)
        {
            var (g, i0, j0) = _items[index];
            ComputeBlock(_problems[g], g, i0, j0, index);
        }

        /// <summary>
        /// The C block [i0, i0 + McBlock) x [j0, j0 + NcBlock) of <paramref name="p"/>, which is problem <paramref name="g"/> or a
        /// row range of it with its own A and C (the chained feed-forward path), then the epilogue; <paramref name="item"/>
        /// indexes the column sums (gradient epilogues only).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ComputeBlock(in GemmProblem p, int g, int i0, int j0, int item)
        {
            int mc = Math.Min(McBlock, p.M - i0);
            int nc = Math.Min(NcBlock, p.N - j0);
            int nr = _nr, mr = _mr;
            if (p.K == 0)
            {
                if (!_accumulate)
                {
                    for (int i = 0; i < mc; i++)
                    {
                        new Span<float>(p.C + ((i0 + i) * p.Ldc) + j0, nc).Clear();
                    }
                }

                ApplyEpilogue(p, i0, mc, j0, nc, item);
                return;
            }

            // Direct A reads are as fast as packed ones when N is small (the A block is reused by few panels and
            // packing would cost as much as the multiply); pack when K spans several blocks and N is wide, or, on the
            // families that gain from it, when A is transposed (each step of K then lies on another page).
            bool transposedA = p.ARowStride == 1 && p.AColStride != 1;
            bool packA = p.K > KcBlock && (p.N >= 8 * nr || (_packTransposedA && transposedA));

            // When no other item shares this B block (one row block, e.g. a weight gradient dYᵀ·X with a wide X), packing it
            // would cost as much as using it: full panels of a row-major B are then read in place.
            bool prepacked = p.PackedB != null;
            bool directB = !prepacked && _packed == null && p.BColStride == 1 && p.M <= McBlock;
            int panels = (nc + nr - 1) / nr;
            using var aLease = packA ? ScratchPool.Rent<float>((long)McBlock * KcBlock) : default;
            using var bLease = !prepacked && _packed == null ? ScratchPool.Rent<float>((long)panels * nr * KcBlock) : default;
            for (int p0 = 0; p0 < p.K; p0 += KcBlock)
            {
                int kc = Math.Min(KcBlock, p.K - p0);
                bool accumulate = _accumulate || p0 > 0;
                float* a;
                long rs, cs, tileStride;
                if (packA)
                {
                    a = aLease.Pointer;
                    GemmPacking.PackA(p, i0, mc, p0, kc, a, mr);
                    (rs, cs, tileStride) = (1, mr, (long)kc * mr);
                }
                else
                {
                    a = p.A + (i0 * p.ARowStride) + (p0 * p.AColStride);
                    (rs, cs, tileStride) = (p.ARowStride, p.AColStride, mr * p.ARowStride);
                }

                float* bBlock;
                long panelStride;
                if (prepacked)
                {
                    // An element offset; the pointer is formed per panel below, in the pack's element size.
                    bBlock = null;
                    panelStride = (long)p.K * nr;
                }
                else if (directB)
                {
                    bBlock = bLease.Pointer;
                    panelStride = (long)kc * nr;
                    int last = panels - 1;
                    if (nc - (last * nr) < nr)
                    {
                        int j = j0 + (last * nr);
                        GemmPacking.PackBPanel(p, j, p.N - j, p0, kc, bBlock + (last * panelStride), nr);
                    }
                }
                else if (_packed != null)
                {
                    bBlock = _packed + _packedOffset[g] + ((long)(j0 / nr) * p.K * nr) + ((long)p0 * nr);
                    panelStride = (long)p.K * nr;
                }
                else
                {
                    bBlock = bLease.Pointer;
                    panelStride = (long)kc * nr;
                    for (int q = 0; q < panels; q++)
                    {
                        int j = j0 + (q * nr);
                        GemmPacking.PackBPanel(p, j, Math.Min(nr, p.N - j), p0, kc, bBlock + (q * panelStride), nr);
                    }
                }

                for (int q = 0; q < panels; q++)
                {
                    int jr = q * nr;
                    int cols = Math.Min(nr, nc - jr);
                    bool inPlace = directB && cols == nr;
                    float* cBase = p.C + (i0 * p.Ldc) + j0 + jr;
                    if (prepacked)
                    {
                        long offset = (((j0 + jr) / nr) * panelStride) + ((long)p0 * nr);
                        for (int ir = 0, t = 0; ir < mc; ir += mr, t++)
                        {
                            int rows = Math.Min(mr, mc - ir);
                            if (p.PackedBFloat16)
                            {
                                GemmMicroKernel.TileBFloat16<TS, TV>(rows, kc, a + (t * tileStride), rs, cs, (ushort*)p.PackedB + offset, nr, cBase + (ir * p.Ldc), p.Ldc, cols, accumulate);
                            }
                            else
                            {
                                GemmMicroKernel.Tile<TS, TV>(rows, kc, a + (t * tileStride), rs, cs, (float*)p.PackedB + offset, nr, cBase + (ir * p.Ldc), p.Ldc, cols, accumulate);
                            }
                        }

                        continue;
                    }

                    float* bp = inPlace ? p.B + (p0 * p.BRowStride) + j0 + jr : bBlock + (q * panelStride);
                    long bs = inPlace ? p.BRowStride : nr;
                    for (int ir = 0, t = 0; ir < mc; ir += mr, t++)
                    {
                        GemmMicroKernel.Tile<TS, TV>(Math.Min(mr, mc - ir), kc, a + (t * tileStride), rs, cs, bp, bs, cBase + (ir * p.Ldc), p.Ldc, cols, accumulate);
                    }
                }
            }

            ApplyEpilogue(p, i0, mc, j0, nc, item);
        }

        private void ApplyEpilogue(in GemmProblem p, int i0, int mc, int j0, int nc, int item)
        {
            if (_epilogue.Kind == GemmEpilogueKind.None)
            {
                return;
            }

            float* bias = p.Bias == null ? null : p.Bias + j0;
            float* sums = _columnSums == null || p.BiasGrad == null ? null : _columnSums + ((long)item * NcBlock);
            if (sums != null)
            {
                new Span<float>(sums, nc).Clear();
            }

            for (int i = i0; i < i0 + mc; i++)
            {
                float* row = p.C + (i * p.Ldc) + j0;
                float* aux = p.Aux == null ? null : p.Aux + (i * p.LdAux) + j0;
                switch (_epilogue.Kind)
                {
                    case GemmEpilogueKind.BiasActivation:
                        ActivationSimd.Forward(_epilogue.Activation, row, bias, aux, row, nc);
                        break;
                    case GemmEpilogueKind.BiasActivationDerivative:
                        ActivationSimd.ForwardWithDerivative(_epilogue.Activation, row, bias, aux, row, nc);
                        break;
                    case GemmEpilogueKind.DerivativeScale:
                        ActivationSimd.Scale(row, aux, sums, nc);
                        break;
                    case GemmEpilogueKind.ReluMask:
                        ActivationSimd.MaskByPositive(row, aux, sums, nc);
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown epilogue {_epilogue.Kind}.");
                }
            }
        }
    }
}
