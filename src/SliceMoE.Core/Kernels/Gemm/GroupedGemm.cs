using System.Numerics;
using SliceMoE.Kernels.Activations;
using SliceMoE.Tensors;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// Grouped GEMMs: many independent multiplies of variable size in one call, the expert hot path of an MoE
/// layer. Groups are given by row offsets (G groups, G + 1 non-decreasing offsets, as a counting sort produces).
/// All groups' blocks form one pool of work items, so empty, tiny and huge groups share the threads without a
/// fork/join per group.
/// </summary>
public static unsafe class GroupedGemm
{
    /// <summary>
    /// For every group g with rows [o_g, o_{g+1}): C[rows, n] (+)= A[rows, k] · op(W_g), then the epilogue
    /// (its bias, if any, holds one row of n values per group). This is an expert layer's forward
    /// (W_g = the expert's [out, in] weight, <paramref name="transposeWeights"/> = true) or its input gradient
    /// (W_g as stored, <paramref name="transposeWeights"/> = false).
    /// </summary>
    /// <param name="a">Rows of all groups, row-major, leading dimension <paramref name="lda"/> ≥ k.</param>
    /// <param name="lda">Distance between rows of A.</param>
    /// <param name="weights">G matrices, the g-th starting at g * <paramref name="weightGroupStride"/>: k x n (ldw ≥ n), or n x k when transposed (ldw ≥ k).</param>
    /// <param name="ldw">Distance between stored rows of each weight matrix.</param>
    /// <param name="weightGroupStride">Distance between consecutive groups' weight matrices.</param>
    /// <param name="transposeWeights">Use W_gᵀ.</param>
    /// <param name="c">Output rows, row-major, leading dimension <paramref name="ldc"/> ≥ n; must not overlap A or the weights.</param>
    /// <param name="ldc">Distance between rows of C.</param>
    /// <param name="offsets">G + 1 non-decreasing row offsets.</param>
    /// <param name="n">Output columns.</param>
    /// <param name="k">Reduction length (input columns).</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="epilogue">Work fused after the multiply.</param>
    /// <param name="family">Kernel family for float32.</param>
    /// <exception cref="ArgumentException">When offsets decrease, or a span is too short for what the offsets and dimensions address.</exception>
    public static void MultiplyRowGroups<T>(
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> weights, int ldw, long weightGroupStride, bool transposeWeights,
        Span<T> c, int ldc, ReadOnlySpan<int> offsets, int n, int k,
        bool accumulate = false, GemmEpilogue<T> epilogue = default, KernelFamily family = KernelFamily.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmChecks.Dimensions(0, n, k);
        GemmChecks.Offsets(offsets);
        int groups = offsets.Length - 1;
        int rows = offsets[groups];
        GemmChecks.Operand("A", a.Length, rows, k, lda);
        GemmChecks.Operand("C", c.Length, rows, n, ldc);
        CheckGroupedMatrices("weights", weights.Length, groups, weightGroupStride, transposeWeights ? n : k, transposeWeights ? k : n, ldw);
        GemmChecks.NoOverlap<T>(c, a, "C", "A");
        GemmChecks.NoOverlap<T>(c, weights, "C", "weights");
        GemmChecks.Epilogue(epilogue, n, groups, rows, ldc, a, weights);
        var problems = new GemmProblem[groups];
        fixed (T* pa = a, pw = weights, pc = c, pBias = epilogue.Bias, pAux = epilogue.Aux, pBiasGrad = epilogue.BiasGradient)
        {
            for (int g = 0; g < groups; g++)
            {
                long r0 = offsets[g];
                problems[g] = new GemmProblem
                {
                    A = (float*)(pa + (r0 * lda)),
                    ARowStride = lda,
                    AColStride = 1,
                    B = (float*)(pw + (g * weightGroupStride)),
                    BRowStride = transposeWeights ? 1 : ldw,
                    BColStride = transposeWeights ? ldw : 1,
                    C = (float*)(pc + (r0 * ldc)),
                    Ldc = ldc,
                    M = offsets[g + 1] - offsets[g],
                    N = n,
                    K = k,
                    Bias = pBias == null ? null : (float*)(pBias + (g * (epilogue.BiasGroupStride == 0 ? n : epilogue.BiasGroupStride))),
                    Aux = pAux == null ? null : (float*)(pAux + (r0 * ldc)),
                    LdAux = ldc,
                    BiasGrad = pBiasGrad == null ? null : (float*)(pBiasGrad + (g * (epilogue.BiasGroupStride == 0 ? n : epilogue.BiasGroupStride))),
                };
            }

            Gemm.Dispatch<T>(problems, accumulate, epilogue.Spec, family);
        }
    }

    /// <summary>
    /// For every group g with rows [o_g, o_{g+1}): C_g[m, n] (+)= A[rows, 0..m)ᵀ · B[rows, 0..n), where C_g starts at
    /// g * <paramref name="cGroupStride"/>. The groups partition the reduction: this is the weight gradient of an
    /// expert layer (dW_g = dYᵀ X over the rows the expert received). An empty group gives C_g = 0 (or leaves it when accumulating).
    /// </summary>
    /// <param name="a">Rows, row-major, leading dimension <paramref name="lda"/> ≥ m.</param>
    /// <param name="lda">Distance between rows of A.</param>
    /// <param name="b">Rows, row-major, leading dimension <paramref name="ldb"/> ≥ n.</param>
    /// <param name="ldb">Distance between rows of B.</param>
    /// <param name="c">G output matrices m x n (ldc ≥ n); must not overlap A or B.</param>
    /// <param name="ldc">Distance between rows of each C_g.</param>
    /// <param name="cGroupStride">Distance between consecutive C_g.</param>
    /// <param name="offsets">G + 1 non-decreasing row offsets.</param>
    /// <param name="m">Rows of each C_g (columns of A used).</param>
    /// <param name="n">Columns of each C_g (columns of B used).</param>
    /// <param name="accumulate">Add to C instead of overwriting it (gradient accumulation).</param>
    /// <param name="family">Kernel family for float32.</param>
    /// <exception cref="ArgumentException">When offsets decrease, or a span is too short.</exception>
    public static void MultiplyTransposedRowGroups<T>(
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, long cGroupStride,
        ReadOnlySpan<int> offsets, int m, int n, bool accumulate = false, KernelFamily family = KernelFamily.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmChecks.Dimensions(m, n, 0);
        GemmChecks.Offsets(offsets);
        int groups = offsets.Length - 1;
        int rows = offsets[groups];
        GemmChecks.Operand("A", a.Length, rows, m, lda);
        GemmChecks.Operand("B", b.Length, rows, n, ldb);
        CheckGroupedMatrices("C", c.Length, groups, cGroupStride, m, n, ldc);
        GemmChecks.NoOverlap<T>(c, a, "C", "A");
        GemmChecks.NoOverlap<T>(c, b, "C", "B");
        var problems = new GemmProblem[groups];
        fixed (T* pa = a, pb = b, pc = c)
        {
            for (int g = 0; g < groups; g++)
            {
                long r0 = offsets[g];
                problems[g] = new GemmProblem
                {
                    A = (float*)(pa + (r0 * lda)),
                    ARowStride = 1,
                    AColStride = lda,
                    B = (float*)(pb + (r0 * ldb)),
                    BRowStride = ldb,
                    BColStride = 1,
                    C = (float*)(pc + (g * cGroupStride)),
                    Ldc = ldc,
                    M = m,
                    N = n,
                    K = offsets[g + 1] - offsets[g],
                };
            }

            Gemm.Dispatch<T>(problems, accumulate, GemmEpilogueSpec.None, family);
        }
    }

    /// <summary>
    /// For every group g with rows [o_g, o_{g+1}): y = f(x · W1_gᵀ + b1_g) · W2_gᵀ + b2_g, a feed-forward network per group
    /// (an MoE layer's experts, or one dense FFN) for inference: the hidden layer is computed a few rows at a time into a
    /// block that stays in cache, never written out, so it saves the hidden layer's round trip through memory (with many
    /// narrow slices, as SliceMoE has, the hidden layer is most of the bytes a forward moves). The same bits as
    /// <see cref="MultiplyRowGroups{T}"/> twice with a bias-and-activation epilogue; other element types than float32, and
    /// weights too large for one shared packing, run exactly that.
    /// </summary>
    /// <param name="x">Rows [A, width], grouped.</param>
    /// <param name="offsets">G + 1 non-decreasing row offsets.</param>
    /// <param name="w1">G matrices [hidden, width] at <paramref name="groupStride"/>.</param>
    /// <param name="b1">G bias rows [hidden] at <paramref name="groupStride"/>.</param>
    /// <param name="activation">f.</param>
    /// <param name="w2">G matrices [width, hidden] at <paramref name="groupStride"/>.</param>
    /// <param name="b2">G bias rows [width] at <paramref name="groupStride"/>.</param>
    /// <param name="groupStride">Distance between consecutive groups' tensors (the same for all four).</param>
    /// <param name="y">Rows [A, width] out; must not overlap the inputs.</param>
    /// <param name="width">Input and output width.</param>
    /// <param name="hidden">Hidden width.</param>
    /// <param name="family">Kernel family for float32.</param>
    /// <exception cref="ArgumentException">When offsets decrease, or a span is too short.</exception>
    public static void FeedForwardRowGroups<T>(
        ReadOnlySpan<T> x, ReadOnlySpan<int> offsets, ReadOnlySpan<T> w1, ReadOnlySpan<T> b1, Activation activation,
        ReadOnlySpan<T> w2, ReadOnlySpan<T> b2, long groupStride, Span<T> y, int width, int hidden, KernelFamily family = KernelFamily.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmChecks.Dimensions(0, hidden, width);
        GemmChecks.Offsets(offsets);
        int groups = offsets.Length - 1;
        int rows = offsets[groups];
        GemmChecks.Operand("x", x.Length, rows, width, width);
        GemmChecks.Operand("y", y.Length, rows, width, width);
        CheckGroupedMatrices("w1", w1.Length, groups, groupStride, hidden, width, width);
        CheckGroupedMatrices("w2", w2.Length, groups, groupStride, width, hidden, hidden);
        CheckGroupedMatrices("b1", b1.Length, groups, groupStride, 1, hidden, hidden);
        CheckGroupedMatrices("b2", b2.Length, groups, groupStride, 1, width, width);
        GemmChecks.NoOverlap<T>(y, x, "y", "x");
        if (typeof(T) == typeof(float) && KernelFamilies.Resolve(family) != KernelFamily.Reference && groups > 0 && hidden > 0 && width > 0)
        {
            var first = new GemmProblem[groups];
            var second = new GemmProblem[groups];
            fixed (T* px = x, pw1 = w1, pb1 = b1, pw2 = w2, pb2 = b2, py = y)
            {
                for (int g = 0; g < groups; g++)
                {
                    long r0 = offsets[g], shift = g * groupStride;
                    int m = offsets[g + 1] - offsets[g];
                    first[g] = new GemmProblem
                    {
                        A = (float*)(px + (r0 * width)), ARowStride = width, AColStride = 1,
                        B = (float*)(pw1 + shift), BRowStride = 1, BColStride = width,
                        M = m, N = hidden, K = width, Bias = (float*)(pb1 + shift),
                    };
                    second[g] = new GemmProblem
                    {
                        B = (float*)(pw2 + shift), BRowStride = 1, BColStride = hidden,
                        C = (float*)(py + (r0 * width)), Ldc = width,
                        M = m, N = width, K = hidden, Bias = (float*)(pb2 + shift),
                    };
                }

                if (GemmDriver.RunChained(first, second, new GemmEpilogueSpec(GemmEpilogueKind.BiasActivation, activation), new GemmEpilogueSpec(GemmEpilogueKind.BiasActivation, Activation.None), family))
                {
                    return;
                }
            }
        }

        // The oracle (and the fallback): the two multiplies through a hidden buffer of every row.
        using var scratch = ScratchPool.Rent<T>((long)rows * hidden);
        var h = scratch.Span;
        MultiplyRowGroups<T>(x, width, w1, width, groupStride, true, h, hidden, offsets, hidden, width, epilogue: GemmEpilogue<T>.BiasActivation(b1, activation, default, groupStride), family: family);
        MultiplyRowGroups<T>(h, hidden, w2, hidden, groupStride, true, y, width, offsets, width, hidden, epilogue: GemmEpilogue<T>.BiasActivation(b2, Activation.None, default, groupStride), family: family);
    }

    private static void CheckGroupedMatrices(string name, int length, int groups, long groupStride, int rows, int cols, int ld)
    {
        if (groups == 0)
        {
            return;
        }

        GemmChecks.Operand(name, length, rows, cols, ld);
        long extent = rows == 0 || cols == 0 ? 0 : ((long)(rows - 1) * ld) + cols;
        if (groups > 1 && groupStride < extent)
        {
            throw new ArgumentException($"{name}: group stride {groupStride} is smaller than one {rows} x {cols} matrix (extent {extent}); groups would overlap.", name);
        }

        long need = ((groups - 1) * groupStride) + extent;
        if (length < need)
        {
            throw new ArgumentException($"{name} has {length} elements but {groups} matrices of {rows} x {cols} at stride {groupStride} need {need}.", name);
        }
    }
}
