using System.Numerics;

namespace SliceMoE.Kernels.Gemm;

/// <summary>
/// General matrix multiply on row-major matrices: C (+)= op(A) op(B), op = identity or transpose, with an optional
/// fused epilogue. All three forms a backward pass needs are one call: A·B, A·Bᵀ (<c>transposeB</c>), Aᵀ·B
/// (<c>transposeA</c>). float32 runs the packed, register-blocked SIMD kernels on every compute thread; other
/// types (double, for gradient checks) run the reference loops. Results do not depend on the thread count.
/// </summary>
public static unsafe class Gemm
{
    /// <summary>C[m, n] (+)= op(A)[m, k] · op(B)[k, n], then the epilogue.</summary>
    /// <param name="a">A stored row-major: m x k (lda ≥ k), or k x m when <paramref name="transposeA"/> (lda ≥ m).</param>
    /// <param name="lda">Distance between stored rows of A, in elements.</param>
    /// <param name="transposeA">Use Aᵀ.</param>
    /// <param name="b">B stored row-major: k x n (ldb ≥ n), or n x k when <paramref name="transposeB"/> (ldb ≥ k).</param>
    /// <param name="ldb">Distance between stored rows of B.</param>
    /// <param name="transposeB">Use Bᵀ (e.g. a PyTorch weight [out, in] in a forward pass).</param>
    /// <param name="c">C, m x n row-major (ldc ≥ n); must not overlap A or B.</param>
    /// <param name="ldc">Distance between rows of C.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Length of the reduction.</param>
    /// <param name="accumulate">Add to C instead of overwriting it.</param>
    /// <param name="epilogue">Work fused after the multiply (bias + activation, or an activation's gradient).</param>
    /// <param name="family">Kernel family for float32 (<see cref="KernelFamily.Auto"/>: the widest available).</param>
    /// <exception cref="ArgumentException">When a span is too short for its dimensions, a leading dimension is too small, or C overlaps an input.</exception>
    public static void Multiply<T>(
        ReadOnlySpan<T> a, int lda, bool transposeA,
        ReadOnlySpan<T> b, int ldb, bool transposeB,
        Span<T> c, int ldc, int m, int n, int k,
        bool accumulate = false, GemmEpilogue<T> epilogue = default, KernelFamily family = KernelFamily.Auto)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmChecks.Dimensions(m, n, k);
        GemmChecks.Operand("A", a.Length, transposeA ? k : m, transposeA ? m : k, lda);
        GemmChecks.Operand("B", b.Length, transposeB ? n : k, transposeB ? k : n, ldb);
        GemmChecks.Operand("C", c.Length, m, n, ldc);
        GemmChecks.NoOverlap<T>(c, a, "C", "A");
        GemmChecks.NoOverlap<T>(c, b, "C", "B");
        GemmChecks.Epilogue(epilogue, n, 1, m, ldc, a, b);
        fixed (T* pa = a, pb = b, pc = c, pBias = epilogue.Bias, pAux = epilogue.Aux, pBiasGrad = epilogue.BiasGradient)
        {
            var problem = new GemmProblem
            {
                A = (float*)pa,
                ARowStride = transposeA ? 1 : lda,
                AColStride = transposeA ? lda : 1,
                B = (float*)pb,
                BRowStride = transposeB ? 1 : ldb,
                BColStride = transposeB ? ldb : 1,
                C = (float*)pc,
                Ldc = ldc,
                M = m,
                N = n,
                K = k,
                Bias = (float*)pBias,
                Aux = (float*)pAux,
                LdAux = ldc,
                BiasGrad = (float*)pBiasGrad,
            };
            Dispatch<T>([problem], accumulate, epilogue.Spec, family);
        }
    }

    /// <summary>Runs float problems on the chosen kernels, or the reference loops for other element types.</summary>
    internal static void Dispatch<T>(ReadOnlySpan<GemmProblem> problems, bool accumulate, GemmEpilogueSpec epilogue, KernelFamily family)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            GemmDriver.Run(problems, accumulate, epilogue, family);
            return;
        }

        foreach (ref readonly var p in problems)
        {
            GemmReference.Run((T*)p.A, p.ARowStride, p.AColStride, (T*)p.B, p.BRowStride, p.BColStride, (T*)p.C, p.Ldc, p.M, p.N, p.K, accumulate, epilogue, (T*)p.Bias, (T*)p.Aux, p.LdAux, (T*)p.BiasGrad);
        }
    }
}
